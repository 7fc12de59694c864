// Run by bench/cpu.bench.ts under Deno: the real app core (Deno adapter, real plugins) against the
// fake servers, with in-memory state, measuring this process's own CPU around the work it is asked for.
import { Session } from "node:inspector";
import process from "node:process";
import { createStorage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { createDenoServer } from "../../src/adapter/deno.ts";
import { useMappingEngine } from "../../src/mapping/engine.ts";
import { plugins } from "../../plugins/registry.ts";

interface DenoApi {
  env: { toObject(): Record<string, string> };
  writeTextFile(path: string, text: string): Promise<void>;
  serve(options: { hostname: string; port: number; onListen(a: { port: number }): void }, handler: (r: Request) => Promise<Response>): unknown;
}
const deno = (globalThis as unknown as { Deno: DenoApi }).Deno;
const env = deno.env.toObject();
useMappingEngine(env.BENCH_ENGINE === "jq-web" ? "jq-web" : "compiled");
const storage = createStorage({ driver: memoryDriver() });
const server = createDenoServer(plugins, env, { storage: () => storage });
// CPU_BENCH_PROFILE=<dir>: V8 CPU profiles of this process, one per phase: POST /_bench/profile?phase=name
// writes what was sampled since the last one.
const profileDir = env.CPU_BENCH_PROFILE;
const inspector = profileDir ? new Session() : undefined;
const inspect = (method: string) =>
  new Promise<any>((resolve, reject) => inspector!.post(method, (error, result) => (error ? reject(error) : resolve(result))));
if (inspector) {
  inspector.connect();
  await inspect("Profiler.enable");
  await inspect("Profiler.start");
}
const cpuUs = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

// The runtime's own floor: every outbound request the app makes is recorded, so that
// POST /_bench/floor can send the same requests again with bare fetch and parse their JSON, and
// nothing else; the CPU that takes is what no app on this runtime could save.
interface Sent {
  url: string;
  method: string;
  headers: [string, string][];
  body: string | undefined;
}
let sent: Sent[] = [];
const bareFetch = globalThis.fetch;
globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  if (typeof input === "string" || input instanceof URL) {
    sent.push({
      url: String(input),
      method: init?.method ?? "GET",
      headers: [...new Headers(init?.headers)],
      body: typeof init?.body === "string" ? init.body : undefined,
    });
  }
  return bareFetch(input, init);
};
async function replay(requests: Sent[]): Promise<number> {
  const before = cpuUs();
  for (const r of requests) {
    const response = await bareFetch(r.url, { method: r.method, headers: r.headers, body: r.body, redirect: "manual" });
    const text = await response.text();
    if (/json/.test(response.headers.get("content-type") ?? "")) JSON.parse(text);
  }
  return cpuUs() - before;
}

deno.serve({ hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(JSON.stringify({ event: "bench.listening", port })) }, async (request) => {
  const path = new URL(request.url).pathname;
  if (path === "/_bench/tick") {
    sent = [];
    const before = cpuUs();
    await server.tick();
    const us = cpuUs() - before;
    return Response.json({ us, sync: await storage.getItem(`portside:${env.PORTSIDE_INSTANCE ?? "default"}:sync`) });
  }
  if (path === "/_bench/profile" && inspector) {
    const { profile } = await inspect("Profiler.stop");
    const file = `${profileDir}/${env.BENCH_ENGINE}-${new URL(request.url).searchParams.get("phase")}-${process.pid}.cpuprofile`;
    await deno.writeTextFile(file, JSON.stringify(profile));
    await inspect("Profiler.start");
    return Response.json({ file });
  }
  if (path === "/_bench/cpu") {
    if (new URL(request.url).searchParams.has("reset")) sent = [];
    return Response.json({ us: cpuUs() });
  }
  if (path === "/_bench/floor") return Response.json({ us: await replay(sent), requests: sent.length });
  // An inbound request that only reads its body: the floor of receiving a webhook.
  if (path === "/_bench/sink") {
    await request.text();
    return new Response(null, { status: 202 });
  }
  return server.fetch(request);
});
