import type { FaultRule, LoggedRequest } from "../fakes/base.ts";

/** One call to a fake server's control routes (or the hub); throws with the fake's answer when it fails. */
export async function control(url: string, path: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<any> {
  const res = await fetch(url + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} on fake: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Client for a fake server's /_fake/ control routes; works from workerd and Node alike. */
export class FakeControl {
  constructor(readonly url: string) {}

  seed(data: unknown) {
    return control(this.url, "/_fake/seed", data);
  }
  state<T = any>(): Promise<T> {
    return control(this.url, "/_fake/state");
  }
  faults(rules: FaultRule[], seed?: number) {
    return control(this.url, "/_fake/faults", { rules, seed });
  }
  clearFaults() {
    return control(this.url, "/_fake/faults", undefined, "DELETE");
  }
  requests(): Promise<LoggedRequest[]> {
    return control(this.url, "/_fake/requests");
  }
  clearRequests() {
    return control(this.url, "/_fake/requests", undefined, "DELETE");
  }
  action<T = any>(name: string, body?: unknown): Promise<T> {
    return control(this.url, `/_fake/action/${name}`, body ?? {});
  }
}

/** Start a fresh fake server (by registry name) through a hub. */
export async function newFakeAt(hub: string, name: string, options?: unknown): Promise<FakeControl> {
  const { url } = await control(hub, `/new/${name}`, options ?? {});
  return new FakeControl(url);
}
