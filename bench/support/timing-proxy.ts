import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface Timed {
  /** The request's path and query. */
  path: string;
  status: number;
  ms: number;
}

export interface TimingProxy {
  url: string;
  /** One entry per forwarded request: the status and the time from forwarding to the full response. */
  timings(): Promise<Timed[]>;
  close(): Promise<void>;
}

const server = fileURLToPath(new URL("./timing-proxy-server.mjs", import.meta.url));

/**
 * A pass-through in front of a worker that times each answer as the sender sees it (what Harbor's
 * 3 s webhook timeout measures), without touching the sender or the worker. It runs in its own
 * process, so its clock is not held up by the fake servers in this one.
 */
export async function startTimingProxy(target: URL): Promise<TimingProxy> {
  const child = spawn(process.execPath, [server, target.href], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /"port":(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", (code) => reject(new Error(`the timing proxy exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    timings: async () => (await fetch(`${url}/_timings`)).json() as Promise<Timed[]>,
    close: async () => {
      child.kill();
    },
  };
}
