import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Timed {
  status: number;
  ms: number;
}

export interface TimingProxy {
  url: string;
  /** One entry per forwarded request: the status and the time from forwarding to the full response. */
  timings: Timed[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

function forwardable(headers: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return out;
}

/**
 * A pass-through in front of a worker that times each answer as the sender sees it (what Harbor's
 * 3 s webhook timeout measures), without touching the sender or the worker.
 */
export async function startTimingProxy(target: URL): Promise<TimingProxy> {
  const timings: Timed[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const started = performance.now();
    try {
      const upstream = await fetch(new URL(req.url ?? "/", target), {
        method: req.method,
        headers: forwardable(req.headers),
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      timings.push({ status: upstream.status, ms: performance.now() - started });
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/octet-stream" });
      res.end(body);
    } catch (err) {
      timings.push({ status: 0, ms: performance.now() - started });
      res.writeHead(502).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    timings,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
