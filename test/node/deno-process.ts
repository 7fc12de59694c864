import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

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
}

/** Starts `deno <args>` in the repository root, in its own process group so stop() ends the task's children too. */
export function startDeno(args: string[], env: Record<string, string>): DenoProcess {
  const child: ChildProcess = spawn(DENO, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let exited: number | null | undefined;
  const onData = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    listeners.forEach((l) => l());
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const done = new Promise<void>((resolve) =>
    child.on("exit", (code) => {
      exited = code;
      listeners.forEach((l) => l());
      resolve();
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
    async stop() {
      if (exited === undefined && child.pid) process.kill(-child.pid, "SIGTERM");
      await done;
    },
  };
}
