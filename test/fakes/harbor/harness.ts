/** Node-side helpers for the fake Harbor's own tests: serve it on a free port and call it. */
import { serve, type Served } from "../serve.ts";
import type { Fake } from "../base.ts";
import { createHarborFake, type HarborOptions } from "./index.ts";
import type { HarborSeed } from "./seed.ts";

export interface Harbor {
  url: string;
  close(): Promise<void>;
  get(path: string, init?: { auth?: [string, string]; headers?: Record<string, string> }): Promise<Response>;
  call(method: string, path: string, init?: { auth?: [string, string]; headers?: Record<string, string>; body?: unknown }): Promise<Response>;
  seed(data: HarborSeed): Promise<void>;
  action<T = any>(name: string, body: unknown): Promise<T>;
  state<T = any>(): Promise<T>;
}

export const ADMIN: [string, string] = ["admin", "Harbor12345"];

export const basic = ([u, p]: [string, string]) => `Basic ${btoa(`${u}:${p}`)}`;

export async function startHarbor(options: HarborOptions = {}): Promise<Harbor> {
  let instance: Fake | undefined;
  const served: Served = await serve({ name: "harbor", handle: (r) => instance!.handle(r) });
  instance = createHarborFake({ url: served.url, options });
  const call: Harbor["call"] = (method, path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.auth) headers.authorization = basic(init.auth);
    if (init.body !== undefined) headers["content-type"] = "application/json";
    return fetch(served.url + path, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  };
  const control = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(served.url + path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    url: served.url,
    close: () => served.close(),
    get: (path, init) => call("GET", path, init),
    call,
    seed: async (data) => void (await control("POST", "/_fake/seed", data)),
    action: (name, body) => control("POST", `/_fake/action/${name}`, body),
    state: () => control("GET", "/_fake/state"),
  };
}

/** A small store covering public/private projects, members, robots, nested repositories and scans. */
export const SAMPLE: HarborSeed = {
  accounts: [
    { username: "alice", password: "alice-pw", email: "alice@example.com", realname: "Alice" },
    { username: "bob", password: "bob-pw" },
    { username: "robot$sync", password: "robot-secret", robot: { level: "system", permissions: ["user:list"] } },
    { username: "robot$reader", password: "reader-secret", robot: { level: "system" } },
    { username: "robot$team-a+ci", password: "ci-secret", robot: { level: "project" } },
  ],
  projects: [
    { name: "library", public: true, repositories: [{ name: "library/nginx", description: "web server", artifacts: [{ tags: ["1.25.3", "latest"] }, { tags: [] }] }] },
    {
      name: "team-a",
      public: false,
      members: ["alice"],
      metadata: { auto_scan: true },
      repositories: [
        {
          name: "team-a/service/api",
          artifacts: [
            { tags: ["1.4.2"], scan: { counts: { Critical: 1, High: 4, Medium: 6, Low: 11, Unknown: 1 }, fixable: 9 } },
            { tags: ["1.4.1"], scan: { status: "Error" } },
            { tags: ["multi"], references: [{ platform: { architecture: "amd64", os: "linux" } }, { platform: { architecture: "arm64", os: "linux", variant: "v8" } }] },
            { type: "CHART", tags: ["0.1.0"] },
          ],
        },
        { name: "batch/worker", artifacts: [{ tags: [] }] },
      ],
    },
    { name: "team-b", public: false, members: [{ username: "bob", role: "projectAdmin" }] },
  ],
};
