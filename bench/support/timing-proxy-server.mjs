// The timing proxy's server, in a process of its own (started by timing-proxy.ts): in the bench's
// process its clock would also count the time that event loop spends serving the fake Harbor and
// Port, which is not the worker's. GET /_timings answers what it measured.
import { createServer } from "node:http";

const target = new URL(process.argv[2]);
const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);
const timings = [];

function forwardable(headers) {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return out;
}

const server = createServer(async (req, res) => {
  if (req.url === "/_timings") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(timings));
    return;
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const started = performance.now();
  try {
    const upstream = await fetch(new URL(req.url ?? "/", target), {
      method: req.method,
      headers: forwardable(req.headers),
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    timings.push({ path: req.url, status: upstream.status, ms: performance.now() - started });
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/octet-stream" });
    res.end(body);
  } catch (err) {
    timings.push({ path: req.url, status: 0, ms: performance.now() - started });
    res.writeHead(502).end(String(err));
  }
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
