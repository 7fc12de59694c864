import { env } from "cloudflare:workers";
import { newFakeAt, type FakeControl } from "./fake-control.ts";

export { FakeControl } from "./fake-control.ts";

/** Start a fresh fake server (by registry name) through the hub that globalSetup runs in Node. */
export function newFake(name: string, options?: unknown): Promise<FakeControl> {
  return newFakeAt(env.FAKE_HUB_URL, name, options);
}
