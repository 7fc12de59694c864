import { describe, expect, it } from "vitest";
import { jsonBytes } from "../../../src/port/batch.ts";
import { PortResponseError, TransientWriteError } from "../../../src/port/errors.ts";
import { BudgetExhaustedError, createOutbound } from "../../../src/runtime/outbound.ts";
import { artifact, fastHttp, isBulk, newPort, UA, upsertOptions, writerFor } from "./support.ts";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("PortWriter.upsert", () => {
  it("lands every entity exactly, ≤ 20 per bulk, with the caller's User-Agent and flags", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    const entities = range(45).map((i) => artifact(i));
    const result = await writer.upsert(entities, upsertOptions);

    expect(result.failed).toEqual([]);
    expect(result.written).toHaveLength(45);
    const state = await port.state();
    const stored = state.entities.filter((e: any) => e.blueprint === "artifact");
    expect(stored).toHaveLength(45);
    for (const e of entities) {
      expect(stored.find((s: any) => s.identifier === e.identifier)).toMatchObject({
        title: e.title,
        properties: e.properties,
        relations: e.relations,
        datasource: UA,
      });
    }
    const bulks = (await port.requests()).filter(isBulk);
    expect(bulks.map((r) => (r.body as any).entities.length)).toEqual(expect.arrayContaining([20, 20, 5]));
    expect(bulks).toHaveLength(3);
    for (const r of bulks) {
      expect(r.path).toBe("/v1/blueprints/artifact/entities/bulk");
      expect(new URLSearchParams(r.query).toString()).toBe("upsert=true&merge=false&create_missing_related_entities=false");
      expect(r.headers["user-agent"]).toBe(UA);
    }
  });

  it("groups per blueprint and passes merge and create_missing_related_entities through", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    const result = await writer.upsert(
      [
        artifact(1, { relations: { project: "p-new" } }),
        { identifier: "p2", blueprint: "project", properties: { name: "two" }, relations: {} },
      ],
      { merge: true, createMissingRelatedEntities: true, userAgent: UA },
    );
    expect(result.failed).toEqual([]);
    const bulks = (await port.requests()).filter(isBulk);
    expect(bulks.map((r) => r.path).sort()).toEqual(["/v1/blueprints/artifact/entities/bulk", "/v1/blueprints/project/entities/bulk"]);
    for (const r of bulks) expect(r.query).toContain("merge=true&create_missing_related_entities=true");
    const ids = (await port.state()).entities.map((e: any) => `${e.blueprint}/${e.identifier}`);
    expect(ids).toEqual(expect.arrayContaining(["project/p-new", "project/p2", "artifact/sha256:0001"]));
  });

  it("creates only when asked: an entity that exists comes back as a 409 failure and stays as it was", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    await writer.upsert([artifact(1)], upsertOptions);
    await port.clearRequests();
    const result = await writer.upsert([artifact(1, { title: "taken over" }), artifact(2)], { ...upsertOptions, createOnly: true });
    expect(result.written).toEqual([{ identifier: artifact(2).identifier, blueprint: "artifact" }]);
    expect(result.failed).toEqual([expect.objectContaining({ identifier: artifact(1).identifier, status: 409 })]);
    const [bulk] = (await port.requests()).filter(isBulk);
    expect(new URLSearchParams(bulk!.query).get("upsert")).toBe("false");
    const stored = (await port.state()).entities.find((e: any) => e.identifier === artifact(1).identifier);
    expect(stored.title).toBe(artifact(1).title);
  });

  it("keeps every body under 1 MiB by splitting on bytes as well as count", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    const blob = "x".repeat(200_000);
    const result = await writer.upsert(range(12).map((i) => artifact(i, { properties: { digest: `d${i}`, blob } })), upsertOptions);
    expect(result.written).toHaveLength(12);
    const bulks = (await port.requests()).filter(isBulk);
    expect(bulks.length).toBeGreaterThanOrEqual(3);
    for (const r of bulks) expect(jsonBytes(r.body)).toBeLessThan(1024 * 1024);
    expect((await port.state()).entities.filter((e: any) => e.properties.blob === blob)).toHaveLength(12);
  });

  it("records an entity too large to send alone as failed, without sending it", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    const huge = artifact(1, { properties: { blob: "y".repeat(1024 * 1024) } });
    const result = await writer.upsert([huge, artifact(2)], upsertOptions);
    expect(result.written).toEqual([{ identifier: artifact(2).identifier, blueprint: "artifact" }]);
    expect(result.failed).toEqual([expect.objectContaining({ identifier: huge.identifier, status: 413, error: "request_too_large" })]);
    expect((await port.requests()).filter(isBulk).map((r) => (r.body as any).entities.length)).toEqual([1]);
  });

  it("records the failures of a 207 by index and keeps the successes", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    const entities = [artifact(1), artifact(2, { relations: { project: "missing" } }), artifact(3)];
    const result = await writer.upsert(entities, upsertOptions);
    expect((await port.requests()).filter(isBulk).map((r) => r.status)).toEqual([207]);
    expect(result.written.map((r) => r.identifier)).toEqual([entities[0]!.identifier, entities[2]!.identifier]);
    expect(result.failed).toEqual([
      { identifier: entities[1]!.identifier, blueprint: "artifact", status: 404, error: "not_found", message: expect.stringContaining("missing") },
    ]);
    expect((await port.state()).entities.filter((e: any) => e.blueprint === "artifact")).toHaveLength(2);
  });

  it("fails the whole batch on a final 4xx of the request, with Port's message", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    await port.faults([{ path: "/entities/bulk$", status: 403, body: { ok: false, error: "forbidden", message: "no write access" } }]);
    const result = await writer.upsert([artifact(1), artifact(2)], upsertOptions);
    expect(result.written).toEqual([]);
    expect(result.failed).toEqual([1, 2].map((i) => ({ identifier: artifact(i).identifier, blueprint: "artifact", status: 403, error: "forbidden", message: "no write access" })));
    expect((await port.requests()).filter(isBulk)).toHaveLength(1);
  });

  it("halves a batch Port refuses with 413 until it fits", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    await port.faults([{ path: "/entities/bulk$", status: 413, times: 2 }]);
    const result = await writer.upsert(range(20).map((i) => artifact(i)), upsertOptions);
    expect(result.failed).toEqual([]);
    expect(result.written).toHaveLength(20);
    expect((await port.requests()).filter(isBulk).map((r) => [(r.body as any).entities.length, r.status])).toEqual([
      [20, 413],
      [10, 413],
      [5, 200],
      [5, 200],
      [10, 200],
    ]);
  });

  it("records a single entity Port still refuses with 413 as failed", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    await port.faults([{ path: "/entities/bulk$", status: 413 }]);
    const result = await writer.upsert([artifact(1), artifact(2)], upsertOptions);
    expect(result.failed.map((f) => [f.identifier, f.status])).toEqual([
      [artifact(1).identifier, 413],
      [artifact(2).identifier, 413],
    ]);
    expect((await port.requests()).filter(isBulk)).toHaveLength(3);
  });

  it("converges through 429 with Retry-After, 429 with an epoch x-ratelimit-reset, and 5xx", async () => {
    const port = await newPort();
    const { writer, outbound } = writerFor(port, { http: { ...fastHttp, retries: 4 } });
    const reset = String(Math.ceil(Date.now() / 1000) + 1);
    await port.faults([
      { path: "/entities/bulk$", status: 429, times: 1, headers: { "retry-after": "0.2" } },
      { path: "/entities/bulk$", status: 429, times: 1, headers: { "x-ratelimit-reset": reset } },
      { path: "/entities/bulk$", status: 502, times: 1 },
      { path: "/entities/bulk$", status: 500, times: 1 },
    ]);
    const started = Date.now();
    const result = await writer.upsert(range(5).map((i) => artifact(i)), upsertOptions);
    expect(result.written).toHaveLength(5);
    const bulks = (await port.requests()).filter(isBulk);
    expect(bulks.map((r) => r.status)).toEqual([429, 429, 502, 500, 200]);
    // The epoch reset lies up to a second ahead; the wait before the third attempt honours it.
    expect(bulks[2]!.at).toBeGreaterThanOrEqual(Number(reset) * 1000 - 5);
    expect(bulks[1]!.at - bulks[0]!.at).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outbound.used).toBe(1 + 5);
    expect((await port.state()).entities.filter((e: any) => e.blueprint === "artifact")).toHaveLength(5);
  });

  it("throws TransientWriteError once retries are exhausted, keeping what completed", async () => {
    const port = await newPort();
    const { writer, outbound } = writerFor(port, { concurrency: 1 });
    await port.faults([{ path: "^/v1/blueprints/project/entities/bulk$", status: 503 }]);
    const error = await writer
      .upsert([...range(3).map((i) => artifact(i)), { identifier: "p9", blueprint: "project", properties: {}, relations: {} }], upsertOptions)
      .catch((e) => e);
    expect(error).toBeInstanceOf(TransientWriteError);
    expect(error.httpError.status).toBe(503);
    expect(error.partial.written).toHaveLength(3);
    expect(error.partial.failed).toEqual([]);
    // token + one artifact bulk + first attempt and three retries of the project bulk
    expect(outbound.used).toBe(1 + 1 + 4);
  });

  it("stops at a spent budget without retrying and counts every request exactly", async () => {
    const port = await newPort();
    const { writer, outbound } = writerFor(port, { budget: 3 });
    await port.faults([{ path: "/entities/bulk$", status: 503, times: 1 }]);
    const error = await writer.upsert(range(45).map((i) => artifact(i)), upsertOptions).catch((e) => e);
    expect(error).toBeInstanceOf(BudgetExhaustedError);
    expect(outbound.used).toBe(3);
    expect(await port.requests()).toHaveLength(3);
  });

  it("refuses a bulk answer it cannot match to the request", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    await port.faults([{ path: "/entities/bulk$", status: 200, body: { ok: true } }]);
    const error = await writer.upsert([artifact(1)], upsertOptions).catch((e) => e);
    expect(error).toBeInstanceOf(PortResponseError);
    expect(error.message).toMatch(/bulk upsert result.*entities/);
  });

  it("keeps at most `concurrency` bulks in flight", async () => {
    const port = await newPort();
    let active = 0;
    let peak = 0;
    const tracking = (async (input: RequestInfo | URL, init?: RequestInit) => {
      active++;
      peak = Math.max(peak, active);
      try {
        return await fetch(input, init);
      } finally {
        active--;
      }
    }) as typeof fetch;
    const { writer } = writerFor(port, { concurrency: 2, outbound: createOutbound(100, tracking) });
    const result = await writer.upsert(range(100).map((i) => artifact(i)), upsertOptions);
    expect(result.written).toHaveLength(100);
    expect((await port.requests()).filter(isBulk)).toHaveLength(5);
    expect(peak).toBe(2);
  });
});
