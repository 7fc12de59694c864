import type { Entity } from "../../../src/mapping/types.ts";
import { createOutbound } from "../../../src/runtime/outbound.ts";
import { memoryTokenStore, type TokenStore } from "../../../src/port/token.ts";
import { createPortWriter, type PortWriterOptions } from "../../../src/port/writer.ts";
import { newFake, type FakeControl } from "../../support/fakes.ts";

export const CLIENT_ID = "test-client-id";
export const CLIENT_SECRET = "test-client-secret";
export const UA = "portside/harbor/1.0.0/prod/artifact/exporter";

export const blueprints = [
  { identifier: "project", title: "Project", schema: { properties: { name: { type: "string" } } } },
  {
    identifier: "artifact",
    title: "Artifact",
    schema: { properties: { digest: { type: "string" }, size: { type: "number" }, blob: { type: "string" } } },
    relations: { project: { title: "Project", target: "project", required: false, many: false } },
  },
];

export const artifact = (i: number, extra: Partial<Entity> = {}): Entity => ({
  identifier: `sha256:${String(i).padStart(4, "0")}`,
  blueprint: "artifact",
  title: `artifact ${i}`,
  properties: { digest: `d${i}`, size: i },
  relations: { project: "p1" },
  ...extra,
});

export const upsertOptions = { merge: false, createMissingRelatedEntities: false, userAgent: UA };

/** Short waits so retries are quick, but still exercised. */
export const fastHttp = { backoff: { baseMs: 5, capMs: 20 }, retries: 3 };

export async function newPort(): Promise<FakeControl> {
  const port = await newFake("port");
  await port.seed({
    blueprints,
    entities: [{ identifier: "p1", blueprint: "project", properties: { name: "one" } }],
  });
  return port;
}

export function writerFor(port: FakeControl, options: Partial<PortWriterOptions> & { budget?: number; store?: TokenStore } = {}) {
  const outbound = createOutbound(options.budget ?? 10_000);
  const tokens = options.store ?? memoryTokenStore();
  const writer = createPortWriter({
    baseUrl: port.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    outbound,
    tokens,
    http: fastHttp,
    ...options,
  });
  return { writer, outbound, tokens };
}

export const isBulk = (r: { path: string }) => /\/entities\/bulk$/.test(r.path);
