import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FakeFactory } from "../fakes/registry.ts";
import { serve, type Served } from "../fakes/serve.ts";

/** The repository root, where deno.json and node_modules are. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The binary of the `deno` devDependency. */
export const DENO = join(ROOT, "node_modules", ".bin", "deno");

/**
 * The environment every Deno child gets: a fresh DENO_DIR and an unreachable npm registry, so a run
 * that tried to download anything fails instead of passing on a warm cache.
 */
export function isolatedEnv(denoDir: string, extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: denoDir,
    DENO_DIR: denoDir,
    DENO_NO_UPDATE_CHECK: "1",
    NO_COLOR: "1",
    NPM_CONFIG_REGISTRY: "http://127.0.0.1:9/",
    ...extra,
  };
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface DenoProcess {
  /** Every line written so far, stdout and stderr interleaved. */
  lines: string[];
  /** Resolves with the first JSON log line whose event matches, or rejects when the process exits first. */
  waitForEvent(event: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
  /** Ends the process at once (SIGKILL), as a crash or an evicted container would: nothing is finished. */
  kill(): Promise<void>;
  /** Resolves with the exit code (null when a signal ended it) once the process has exited. */
  exited: Promise<number | null>;
}

/** Starts `deno <args>` in the repository root (or `cwd`), in its own process group so stop() ends the task's children too. */
export function startDeno(args: string[], env: Record<string, string>, cwd = ROOT): DenoProcess {
  const child: ChildProcess = spawn(DENO, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let exited: number | null | undefined;
  const onData = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    listeners.forEach((l) => l());
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const done = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      exited = code;
      listeners.forEach((l) => l());
      resolve(code);
    }),
  );

  const parse = (line: string) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  };

  return {
    lines,
    waitForEvent(event, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(() => reject(new Error(`no "${event}" within ${timeoutMs} ms:\n${lines.join("\n")}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        const check = () => {
          const found = lines.map(parse).find((entry) => entry?.event === event);
          if (found) finish(() => resolve(found));
          else if (exited !== undefined) finish(() => reject(new Error(`deno exited (${exited}) before "${event}":\n${lines.join("\n")}`)));
        };
        listeners.add(check);
        check();
      });
    },
    exited: done,
    async stop() {
      if (exited === undefined && child.pid) process.kill(-child.pid, "SIGTERM");
      await done;
    },
    async kill() {
      if (exited === undefined && child.pid) process.kill(-child.pid, "SIGKILL");
      await done;
    },
  };
}

/** Polls until `probe` returns something other than undefined. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const found = await probe();
      if (found !== undefined) return found;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
}

/** A fake on its own port; it learns its URL (for Harbor's links) once it listens. */
export async function startFake(factory: FakeFactory, name: string, options?: unknown): Promise<Served> {
  let fake: ReturnType<FakeFactory> | undefined;
  const served = await serve({ name, handle: (r) => fake!.handle(r) });
  fake = factory({ url: served.url, options });
  return served;
}

export interface Portside {
  process: DenoProcess;
  url: string;
}

/** `deno task start`, exactly as documented, on 127.0.0.1 and a free port, once /health answers. */
export async function startPortside(denoDir: string, settings: Record<string, string>, cwd = ROOT): Promise<Portside> {
  const process = startDeno(["task", "start"], isolatedEnv(denoDir, { PORTSIDE_HTTP_HOST: "127.0.0.1", PORTSIDE_HTTP_PORT: "0", ...settings }), cwd);
  try {
    const listening = await process.waitForEvent("server.listening", 60_000);
    const url = `http://127.0.0.1:${listening.port as number}`;
    await until("/health", async () => ((await fetch(`${url}/health`)).ok ? true : undefined));
    return { process, url };
  } catch (err) {
    await process.stop();
    throw err;
  }
}

/** Keys and string lengths (-1: not a string) in a Deno KV file, read by Deno itself once portside stopped. */
export async function kvContents(denoDir: string, path: string): Promise<{ key: string; length: number }[]> {
  const script = `const kv = await Deno.openKv(Deno.env.get("KV_FILE")); const out = [];
for await (const e of kv.list({ prefix: [] })) out.push({ key: e.key.join(":"), length: typeof e.value === "string" ? e.value.length : -1 });
console.log(JSON.stringify(out)); kv.close();`;
  const reader = startDeno(["eval", "--unstable-kv", "--no-remote", script], isolatedEnv(denoDir, { KV_FILE: path }));
  await reader.exited;
  return JSON.parse(reader.lines.join(""));
}
