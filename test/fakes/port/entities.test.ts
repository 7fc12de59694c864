import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CATALOG, type PortHarness, startPort, USER_AGENT } from "../../contract/port-harness.ts";

let port: PortHarness;
beforeEach(async () => {
  port = await startPort();
  await port.seed(CATALOG);
  await port.login();
});
afterEach(() => port.close());

const create = (query: string, body: unknown, headers?: Record<string, string>) =>
  port.call("POST", `/v1/blueprints/repository/entities?${query}`, { body, headers });
const repo = (identifier: string, extra: Record<string, unknown> = {}) => ({
  identifier,
  title: identifier.toUpperCase(),
  properties: { url: `https://git.example/${identifier}` },
  ...extra,
});
const stored = async (identifier: string) =>
  (await port.state()).entities.find((e: { identifier: string }) => e.identifier === identifier);

describe("POST /v1/blueprints/{bp}/entities", () => {
  it("creates with 201 and returns blueprint and who/when; stores the User-Agent as datasource", async () => {
    const res = await create("upsert=false", repo("api"));
    expect(res.status).toBe(201);
    expect(res.body.entity).toMatchObject({
      identifier: "api",
      title: "API",
      blueprint: "repository",
      team: [],
      properties: { url: "https://git.example/api" },
      relations: {},
      createdBy: "test-client-id",
      updatedBy: "test-client-id",
    });
    expect(Date.parse(res.body.entity.createdAt)).not.toBeNaN();
    expect(await stored("api")).toMatchObject({ datasource: USER_AGENT, blueprint: "repository" });
  });

  it("requires the upsert query parameter", async () => {
    const res = await create("merge=true", repo("api"));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ ok: false, error: "invalid_request" });
    expect(res.body.message).toContain("upsert");
    expect((await port.state()).entities).toEqual([]);
  });

  it("answers 409 when creating an existing identifier without upsert", async () => {
    await create("upsert=false", repo("api"));
    const res = await create("upsert=false", repo("api", { title: "other" }));
    expect(res.status).toBe(409);
    expect(res.body.ok).toBe(false);
    expect((await stored("api")).title).toBe("API");
  });

  it("replaces on upsert and patches on upsert+merge", async () => {
    await create("upsert=true", repo("api", { properties: { url: "https://a.example", stars: 3 }, team: "core" }));
    await create("upsert=true", { identifier: "api", properties: { url: "https://b.example" } });
    expect(await stored("api")).toMatchObject({ title: null, team: [], properties: { url: "https://b.example" } });
    await create("upsert=true", repo("api", { properties: { url: "https://a.example", stars: 3 }, team: "core" }));
    await create("upsert=true&merge=true", { identifier: "api", properties: { stars: 4 } });
    expect(await stored("api")).toMatchObject({
      title: "API",
      team: ["core"],
      properties: { url: "https://a.example", stars: 4 },
    });
  });

  it("keeps createdAt and moves updatedAt and the datasource to the last writer", async () => {
    await create("upsert=true", repo("api"), { "user-agent": "first" });
    const before = await stored("api");
    await new Promise((r) => setTimeout(r, 5));
    await create("upsert=true", repo("api"), { "user-agent": "second" });
    const after = await stored("api");
    expect(after.createdAt).toBe(before.createdAt);
    expect(after.updatedAt > before.updatedAt).toBe(true);
    expect(after.datasource).toBe("second");
  });

  it("validates without storing when validation_only=true", async () => {
    const ok = await create("upsert=true&validation_only=true", repo("api"));
    expect(ok.status).toBe(201);
    const bad = await create("upsert=true&validation_only=true", repo("bad", { properties: { url: 1 } }));
    expect(bad.status).toBe(422);
    expect((await port.state()).entities).toEqual([]);
  });

  it("generates an identifier when none is given", async () => {
    const res = await create("upsert=true", { properties: { url: "https://x.example" } });
    expect(res.status).toBe(201);
    expect(res.body.entity.identifier).toMatch(/^e_[A-Za-z0-9]{16}$/);
  });

  it("resolves a search-query identifier to the one entity it matches", async () => {
    await create("upsert=true", repo("api"));
    const query = { combinator: "and", rules: [{ property: "$title", operator: "=", value: "API" }] };
    const res = await create("upsert=true&merge=true", { identifier: query, properties: { stars: 9 } });
    expect(res.status).toBe(201);
    expect((await stored("api")).properties.stars).toBe(9);
    const none = await create("upsert=true&merge=true", {
      identifier: { combinator: "and", rules: [{ property: "$title", operator: "=", value: "nope" }] },
    });
    expect(none.status).toBe(404);
  });

  it("answers 404 not_found for an unknown blueprint", async () => {
    const res = await port.call("POST", "/v1/blueprints/nope/entities?upsert=true", { body: repo("api") });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ ok: false, error: "not_found" });
  });
});

describe("identifiers", () => {
  it.each(["sha256:0a1b", "team-a/service/api", "ünïcødé_名前", "a=b", "x".repeat(1000), "a\\b", "user@host+tag"])(
    "accepts %s",
    async (identifier) => {
      const res = await create("upsert=true", repo("x", { identifier }));
      expect(res.status).toBe(201);
      const path = `/v1/blueprints/repository/entities/${encodeURIComponent(identifier)}`;
      expect((await port.call("GET", path)).body.entity.identifier).toBe(identifier);
    },
  );

  it.each([".", "..", "has space", "hash#tag", "what?", "x".repeat(1001), ""])("rejects %j with 422", async (identifier) => {
    const res = await create("upsert=true", repo("x", { identifier }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ ok: false, error: "invalid_request" });
    expect(res.body.message).toContain("identifier");
  });
});

describe("property values against the blueprint schema", () => {
  it.each([
    ["a wrong type", { url: "https://x.example", stars: "many" }],
    ["a value outside the enum", { url: "https://x.example", language: "cobol" }],
    ["a malformed url", { url: "not a url" }],
    ["an unknown property", { url: "https://x.example", colour: "red" }],
    ["a missing required property", { stars: 1 }],
    ["a required property set to null", { url: null }],
    ["an array where an object belongs", { url: "https://x.example", meta: [] }],
  ])("rejects %s with 422 blueprint_schema_mismatch", async (_, properties) => {
    const res = await create("upsert=true", { identifier: "x", properties });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ ok: false, error: "blueprint_schema_mismatch" });
  });

  it("accepts null for optional properties and every declared type", async () => {
    const properties = {
      url: "https://x.example",
      stars: 1.5,
      language: "go",
      tags: ["a", 1],
      meta: { nested: true },
    };
    expect((await create("upsert=true", { identifier: "x", properties })).status).toBe(201);
    expect((await create("upsert=true", { identifier: "y", properties: { url: "https://y", stars: null } })).status).toBe(
      201,
    );
  });

  it("checks project properties too: booleans and emails", async () => {
    const bad = await port.call("POST", "/v1/blueprints/project/entities?upsert=true", {
      body: { identifier: "p", properties: { public: "yes", owner: "someone@example.com" } },
    });
    expect(bad.body.error).toBe("blueprint_schema_mismatch");
    const email = await port.call("POST", "/v1/blueprints/project/entities?upsert=true", {
      body: { identifier: "p", properties: { owner: "not-an-email" } },
    });
    expect(email.body.error).toBe("blueprint_schema_mismatch");
  });
});

describe("relations", () => {
  it("answers 404 not_found for a missing target and creates a stub with create_missing_related_entities", async () => {
    const body = repo("api", { relations: { project: "core" } });
    const missing = await create("upsert=true", body);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ ok: false, error: "not_found" });
    expect(missing.body.message).toContain('"core"');
    const res = await create("upsert=true&create_missing_related_entities=true", body);
    expect(res.status).toBe(201);
    expect(res.body.entity.relations).toEqual({ project: "core" });
    expect(await stored("core")).toMatchObject({ blueprint: "project", properties: {}, datasource: USER_AGENT });
  });

  it("rejects an unknown relation key", async () => {
    const res = await create("upsert=true", repo("api", { relations: { owner: "x" } }));
    expect(res.status).toBe(404);
    expect(res.body.message).toContain("owner");
  });

  it("enforces cardinality and required relations, and never stubs _user or _team", async () => {
    await port.seed({
      blueprints: [
        { identifier: "_team", title: "Team", schema: { properties: {} } },
        { identifier: "env", title: "Env", schema: { properties: {} } },
        {
          identifier: "svc",
          title: "Service",
          schema: { properties: {} },
          relations: {
            env: { target: "env", required: true, many: false },
            teams: { target: "_team", required: false, many: true },
          },
        },
      ],
      entities: [{ identifier: "prod", blueprint: "env" }],
    });
    const svc = (body: unknown, query = "upsert=true") =>
      port.call("POST", `/v1/blueprints/svc/entities?${query}`, { body });
    expect((await svc({ identifier: "a", relations: { env: "prod" } })).status).toBe(201);
    expect((await svc({ identifier: "b", relations: {} })).body.error).toBe("required_relation");
    expect((await svc({ identifier: "c", relations: { env: ["prod"] } })).body.error).toBe("blueprint_schema_mismatch");
    expect((await svc({ identifier: "d", relations: { env: "prod", teams: "t1" } })).body.error).toBe(
      "blueprint_schema_mismatch",
    );
    const team = await svc(
      { identifier: "e", relations: { env: "prod", teams: ["t1"] } },
      "upsert=true&create_missing_related_entities=true",
    );
    expect(team.status).toBe(404);
    expect((await port.state()).entities.map((e: { identifier: string }) => e.identifier)).toEqual(["prod", "a"]);
  });
});

describe("reading", () => {
  beforeEach(async () => {
    await create("upsert=true", repo("api", { properties: { url: "https://a", stars: 5 } }));
    await create("upsert=true", repo("web"));
  });

  it("GET one, GET list and the count", async () => {
    const one = await port.call("GET", "/v1/blueprints/repository/entities/api");
    expect(one.body.entity).toMatchObject({ identifier: "api", blueprint: "repository" });
    expect(one.body.entity).not.toHaveProperty("datasource");
    const list = await port.call("GET", "/v1/blueprints/repository/entities");
    expect(list.body.entities.map((e: { identifier: string }) => e.identifier)).toEqual(["api", "web"]);
    const count = await port.call("GET", "/v1/blueprints/repository/entities-count");
    expect(count.body).toEqual({ ok: true, count: 2 });
    expect((await port.call("GET", "/v1/blueprints/repository/entities/nope")).status).toBe(404);
    expect((await port.call("GET", "/v1/blueprints/nope/entities")).status).toBe(404);
  });

  it("projects with include and exclude", async () => {
    const inc = await port.call("GET", "/v1/blueprints/repository/entities/api?include=identifier&include=properties.stars");
    expect(inc.body.entity).toEqual({ identifier: "api", properties: { stars: 5 } });
    const exc = await port.call("GET", "/v1/blueprints/repository/entities/api?exclude=properties.url&exclude=relations");
    expect(exc.body.entity.properties).toEqual({ stars: 5 });
    expect(exc.body.entity).not.toHaveProperty("relations");
  });
});

describe("PUT and PATCH /v1/blueprints/{bp}/entities/{id}", () => {
  it("replace or patch an existing entity and answer 404 for a missing one", async () => {
    await create("upsert=true", repo("api", { properties: { url: "https://a", stars: 5 } }));
    const put = await port.call("PUT", "/v1/blueprints/repository/entities/api", {
      body: { properties: { url: "https://b" } },
    });
    expect(put.status).toBe(200);
    expect(put.body.entity.properties).toEqual({ url: "https://b" });
    const patch = await port.call("PATCH", "/v1/blueprints/repository/entities/api", {
      body: { properties: { stars: 1 } },
    });
    expect(patch.body.entity.properties).toEqual({ url: "https://b", stars: 1 });
    expect((await port.call("PATCH", "/v1/blueprints/repository/entities/nope", { body: {} })).status).toBe(404);
    const unknownField = await port.call("PATCH", "/v1/blueprints/repository/entities/api", { body: { colour: 1 } });
    expect(unknownField.status).toBe(422);
  });
});
