import { env } from "cloudflare:workers";
import type { FaultRule, LoggedRequest } from "../fakes/base.ts";

/** Client for a fake server's /_fake/ control routes; works from workerd and Node alike. */
export class FakeControl {
  constructor(readonly url: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(this.url + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} on fake: ${res.status} ${await res.text()}`);
    return res.json();
  }

  seed(data: unknown) {
    return this.call("POST", "/_fake/seed", data);
  }
  state<T = any>(): Promise<T> {
    return this.call("GET", "/_fake/state");
  }
  faults(rules: FaultRule[], seed?: number) {
    return this.call("POST", "/_fake/faults", { rules, seed });
  }
  clearFaults() {
    return this.call("DELETE", "/_fake/faults");
  }
  requests(): Promise<LoggedRequest[]> {
    return this.call("GET", "/_fake/requests");
  }
  clearRequests() {
    return this.call("DELETE", "/_fake/requests");
  }
  action<T = any>(name: string, body?: unknown): Promise<T> {
    return this.call("POST", `/_fake/action/${name}`, body ?? {});
  }
}

/** Start a fresh fake server (by registry name) through the hub that globalSetup runs in Node. */
export async function newFake(name: string, options?: unknown): Promise<FakeControl> {
  const hub = env.FAKE_HUB_URL;
  const res = await fetch(`${hub}/new/${name}`, { method: "POST", body: JSON.stringify(options ?? {}) });
  if (!res.ok) throw new Error(`cannot start fake ${name}: ${res.status} ${await res.text()}`);
  const { url } = (await res.json()) as { url: string };
  return new FakeControl(url);
}
