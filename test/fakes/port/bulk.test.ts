import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CATALOG, type PortHarness, startPort } from "../../contract/port-harness.ts";

let port: PortHarness;
beforeEach(async () => {
  port = await startPort();
  await port.seed(CATALOG);
  await port.login();
});
afterEach(() => port.close());

const bulk = (query: string, entities: unknown[]) =>
  port.call("POST", `/v1/blueprints/repository/entities/bulk?${query}`, { body: { entities } });
const repo = (identifier: string, extra: Record<string, unknown> = {}) => ({
  identifier,
  properties: { url: `https://git.example/${identifier}` },
  ...extra,
});
const ids = async () => (await port.state()).entities.map((e: { identifier: string }) => e.identifier);

describe("POST /v1/blueprints/{bp}/entities/bulk", () => {
  it("answers 200 with per-index results when every entity is written", async () => {
    await bulk("upsert=true", [repo("a")]);
    const res = await bulk("upsert=true", [repo("a"), repo("b")]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      entities: [
        { created: false, identifier: "a", index: 0 },
        { created: true, identifier: "b", index: 1 },
      ],
      errors: [],
    });
  });

  it("answers 207 when some fail, keeping the others, errors matched by index", async () => {
    const res = await bulk("upsert=true", [
      repo("good"),
      repo("bad", { properties: { url: 5 } }),
      { identifier: { combinator: "and", rules: [{ property: "$identifier", operator: "=", value: "none" }] } },
      repo("orphan", { relations: { project: "missing" } }),
    ]);
    expect(res.status).toBe(207);
    expect(res.body.entities).toEqual([{ created: true, identifier: "good", index: 0 }]);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ identifier: "bad", index: 1, statusCode: 422, error: "blueprint_schema_mismatch" }),
      expect.objectContaining({ identifier: "unknown", index: 2, statusCode: 404, error: "not_found" }),
      expect.objectContaining({ identifier: "orphan", index: 3, statusCode: 404, error: "not_found" }),
    ]);
    for (const e of res.body.errors) expect(typeof e.message).toBe("string");
    expect(await ids()).toEqual(["good"]);
  });

  it("answers 207 with a 409 per existing entity when upsert=false", async () => {
    await bulk("upsert=true", [repo("a")]);
    const res = await bulk("upsert=false", [repo("a"), repo("b")]);
    expect(res.status).toBe(207);
    expect(res.body.errors).toEqual([expect.objectContaining({ identifier: "a", index: 0, statusCode: 409 })]);
  });

  it("stores nothing with validation_only=true but still reports per-index results", async () => {
    const res = await bulk("upsert=true&validation_only=true&create_missing_related_entities=true", [
      repo("a", { relations: { project: "p" } }),
      repo("b", { properties: { url: false } }),
    ]);
    expect(res.status).toBe(207);
    expect(res.body.entities).toEqual([{ created: true, identifier: "a", index: 0 }]);
    expect(res.body.errors).toEqual([expect.objectContaining({ index: 1, error: "blueprint_schema_mismatch" })]);
    expect(await ids()).toEqual([]);
  });

  it("lets a later entity relate to an earlier one of the same request", async () => {
    await port.seed({
      blueprints: [
        {
          identifier: "node",
          title: "Node",
          schema: { properties: {} },
          relations: { parent: { target: "node", required: false, many: false } },
        },
      ],
    });
    const res = await port.call("POST", "/v1/blueprints/node/entities/bulk?upsert=true", {
      body: { entities: [{ identifier: "root" }, { identifier: "leaf", relations: { parent: "root" } }] },
    });
    expect(res.status).toBe(200);
  });

  it("merges with upsert+merge and creates stubs with create_missing_related_entities", async () => {
    await bulk("upsert=true", [repo("a", { properties: { url: "https://a", stars: 1 } })]);
    const res = await bulk("upsert=true&merge=true&create_missing_related_entities=true", [
      { identifier: "a", relations: { project: "p" } },
    ]);
    expect(res.status).toBe(200);
    const state = await port.state();
    expect(state.entities).toEqual([
      expect.objectContaining({ identifier: "p", blueprint: "project" }),
      expect.objectContaining({ identifier: "a", properties: { url: "https://a", stars: 1 }, relations: { project: "p" } }),
    ]);
  });

  it("refuses the whole request with 422 for 0 or more than 20 entities, or without upsert", async () => {
    const many = Array.from({ length: 21 }, (_, i) => repo(`r${i}`));
    for (const res of [
      await bulk("upsert=true", many),
      await bulk("upsert=true", []),
      await port.call("POST", "/v1/blueprints/repository/entities/bulk", { body: { entities: [repo("a")] } }),
    ]) {
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ ok: false, error: "invalid_request" });
    }
    expect((await bulk("upsert=true", many.slice(0, 20))).status).toBe(200);
    expect(await ids()).toHaveLength(20);
  });

  it("answers 404 for an unknown blueprint and 413 over 1 MiB, writing nothing", async () => {
    expect((await port.call("POST", "/v1/blueprints/nope/entities/bulk?upsert=true", { body: { entities: [repo("a")] } })).status).toBe(404);
    const big = Array.from({ length: 2 }, (_, i) => repo(`big${i}`, { properties: { url: "https://x", meta: { blob: "x".repeat(600_000) } } }));
    const res = await bulk("upsert=true", big);
    expect(res.status).toBe(413);
    expect(await ids()).toEqual([]);
  });
});

describe("deleting entities", () => {
  beforeEach(async () => {
    await port.call("POST", "/v1/blueprints/project/entities/bulk?upsert=true", {
      body: { entities: [{ identifier: "p1" }, { identifier: "p2" }] },
    });
    await bulk("upsert=true", [repo("a", { relations: { project: "p1" } }), repo("b"), repo("c")]);
  });

  it("deletes one entity, 404 when absent", async () => {
    const res = await port.call("DELETE", "/v1/blueprints/repository/entities/b?delete_dependents=false");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect((await port.call("DELETE", "/v1/blueprints/repository/entities/b?delete_dependents=false")).status).toBe(404);
    expect((await port.call("DELETE", "/v1/blueprints/repository/entities/c")).status).toBe(422);
  });

  it("refuses to delete an entity with dependents unless delete_dependents=true, which removes them too", async () => {
    const refused = await port.call("DELETE", "/v1/blueprints/project/entities/p1?delete_dependents=false");
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ ok: false, error: "has_dependents" });
    expect(await ids()).toContain("p1");
    await port.call("DELETE", "/v1/blueprints/project/entities/p1?delete_dependents=true");
    expect(await ids()).toEqual(["p2", "b", "c"]);
  });

  it("bulk-deletes all or nothing and reports deletedEntities", async () => {
    const path = "/v1/blueprints/project/bulk/entities/delete";
    const refused = await port.call("POST", `${path}?delete_dependents=false`, { body: { entities: ["p1", "p2"] } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe("has_dependents");
    expect(await ids()).toEqual(["p1", "p2", "a", "b", "c"]);
    const done = await port.call("POST", `${path}?delete_dependents=true`, { body: { entities: ["p1", "p2", "gone"] } });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ ok: true, deletedEntities: ["p1", "p2"] });
    expect(await ids()).toEqual(["b", "c"]);
  });

  it("deletes an entity together with the ones depending on it in the same request", async () => {
    await port.call("POST", "/v1/blueprints/repository/bulk/entities/delete?delete_dependents=false", {
      body: { entities: ["a", "b"] },
    });
    const res = await port.call("POST", "/v1/blueprints/project/bulk/entities/delete?delete_dependents=false", {
      body: { entities: ["p1"] },
    });
    expect(res.body).toEqual({ ok: true, deletedEntities: ["p1"] });
  });

  it("refuses with 422 more than 100 ids, none, or a missing delete_dependents", async () => {
    const path = "/v1/blueprints/repository/bulk/entities/delete";
    const many = Array.from({ length: 101 }, (_, i) => `r${i}`);
    for (const res of [
      await port.call("POST", `${path}?delete_dependents=true`, { body: { entities: many } }),
      await port.call("POST", `${path}?delete_dependents=true`, { body: { entities: [] } }),
      await port.call("POST", path, { body: { entities: ["b"] } }),
    ]) {
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ ok: false, error: "invalid_request" });
    }
    expect((await port.call("POST", `${path}?delete_dependents=true`, { body: { entities: many.slice(0, 100) } })).status).toBe(200);
    expect(await ids()).toHaveLength(5);
  });
});
