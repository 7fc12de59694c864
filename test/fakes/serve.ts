import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Fake } from "./base.ts";

export interface Served {
  url: string;
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
    else if (v !== undefined) headers.set(k, v);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(origin + req.url, {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

/** Serve a Web-standard fake on 127.0.0.1 with Node's http server; port 0 picks a free one. */
export function serve(fake: Fake, port = 0): Promise<Served> {
  return new Promise((resolve) => {
    let origin = "";
    const server: Server = createServer(async (req, res) => {
      try {
        const response = await fake.handle(await toRequest(req, origin));
        // One request per connection: a kept-alive socket that Node closes while workerd reuses it
        // fails with "Network connection lost", which real servers' longer idle timeouts avoid.
        res.writeHead(response.status, { ...Object.fromEntries(response.headers), connection: "close" });
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (err) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`fake ${fake.name} crashed: ${(err as Error).stack}`);
      }
    });
    server.listen(port, "127.0.0.1", () => {
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url: origin,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
