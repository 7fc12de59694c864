import { call, callAndDefer, type TestEnv } from "../../support/app.ts";
import type { FakeControl } from "../../support/fakes.ts";
import { harborSeed } from "../../fixtures/harbor/realistic.ts";

/** Helpers for Harbor webhook tests: policies in the fake, and its deliveries replayed into the app. */

export const SECRET = "harbor-webhook-secret-for-tests";
export const APP_HOST = "http://portside.test";
export const HOOK_PATH = "/webhooks/harbor";
export const EVENTS = ["PUSH_ARTIFACT", "PULL_ARTIFACT", "DELETE_ARTIFACT", "SCANNING_COMPLETED", "SCANNING_FAILED", "SCANNING_STOPPED"];

export type Format = "Default" | "CloudEvents";

export interface Delivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A policy as a user would create it in Harbor's UI, delivering in `format` to this app. */
export const policy = (format: Format, authHeader = SECRET) => ({
  name: `hand-made-${format}`,
  enabled: true,
  event_types: EVENTS,
  targets: [{ type: "http", address: `${APP_HOST}${HOOK_PATH}`, auth_header: authHeader, payload_format: format }],
});

/** The realistic fixture with a Default and a CloudEvents policy in every project: each event is delivered in both formats. */
export const seedWithPolicies = {
  ...harborSeed,
  projects: harborSeed.projects.map((p) => ({ ...p, policies: [policy("Default"), policy("CloudEvents")] })),
};

const formatOf = (d: Delivery): Format => (d.headers["content-type"] === "application/cloudevents+json" ? "CloudEvents" : "Default");

/** Run a fake action and keep the deliveries of one format, in the order Harbor would send them. */
export async function act(harbor: FakeControl, name: string, body: Record<string, unknown>, format: Format = "Default"): Promise<Delivery[]> {
  const { deliveries } = await harbor.action<{ deliveries: Delivery[] }>(name, { deliver: "return", ...body });
  return deliveries.filter((d) => formatOf(d) === format);
}

const init = (d: Delivery, headers: Record<string, string>): RequestInit => ({ method: "POST", headers, body: d.body });

/** POST a delivery to the path Harbor was given and wait for what it deferred; `headers` may tamper with it. */
export function deliver(env: TestEnv, d: Delivery, headers: (h: Record<string, string>) => Record<string, string> = (h) => h): Promise<Response> {
  return call(env, new URL(d.url).pathname, init(d, headers(d.headers)));
}

/** Every delivery in order, each applied before the next is sent; all must be acknowledged. */
export async function deliverAll(env: TestEnv, ds: Delivery[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const d of ds) statuses.push((await deliver(env, d)).status);
  return statuses;
}

/** A delivery answered before its deferred work ran, as Harbor's 3 s timeout sees it. */
export function deliverDeferred(env: TestEnv, d: Delivery) {
  return callAndDefer(env, new URL(d.url).pathname, init(d, d.headers));
}

/** Writes Port saw: bulk upserts and deletes. */
export async function portWrites(port: FakeControl): Promise<number> {
  const requests = await port.requests();
  return requests.filter((r) => /\/entities\/bulk$|\/bulk\/entities\/delete$/.test(r.path) || r.method === "DELETE").length;
}

/** An entity without the fields Port sets on every write. */
export function content(entity: any) {
  const { createdAt, updatedAt, createdBy, updatedBy, ...rest } = entity ?? {};
  return rest;
}
