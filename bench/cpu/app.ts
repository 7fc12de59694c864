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
// BENCH_WARM_PORT_API_URL: a second app in this process, with its own state, writing to another
// Port: POST /_bench/warm runs a whole cycle on it, so the measured one after it runs on code V8
// has compiled already, as a long-lived isolate does.
const warmStorage = createStorage({ driver: memoryDriver() });
const warmServer = env.BENCH_WARM_PORT_API_URL
  ? createDenoServer(
      plugins,
      // A whole cycle in a few ticks whatever the measured app's budgets: only warming up matters.
      { ...env, PORT_API_URL: env.BENCH_WARM_PORT_API_URL, RESYNC_SUBREQUEST_BUDGET: "10000", RESYNC_CPU_BUDGET_MS: "0" },
      { storage: () => warmStorage },
    )
  : undefined;
const cycleDone = (sync: any) =>
  Object.values<any>(sync?.plugins ?? {}).every((p) => p.lastCycle && !p.cycle) && Object.keys(sync?.plugins ?? {}).length > 0;
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
  // As the app passed them (kept, not copied: copying them here would be billed to the app).
  headers: HeadersInit | undefined;
  body: string | undefined;
}
let sent: Sent[] = [];
const bareFetch = globalThis.fetch;
globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  if (typeof input === "string" || input instanceof URL) {
    sent.push({
      url: String(input),
      method: init?.method ?? "GET",
      headers: init?.headers,
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
  if (path === "/_bench/warm" && warmServer) {
    const before = cpuUs();
    for (let ticks = 1; ; ticks++) {
      await warmServer.tick();
      if (cycleDone(await warmStorage.getItem(`portside:${env.PORTSIDE_INSTANCE ?? "default"}:sync`))) break;
      if (ticks >= 50) return new Response("the warm-up cycle did not finish in 50 ticks", { status: 500 });
    }
    return Response.json({ us: cpuUs() - before });
  }
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
