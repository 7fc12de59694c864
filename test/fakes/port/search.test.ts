import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PortHarness, startPort } from "../../contract/port-harness.ts";

let port: PortHarness;

const at = "2026-01-10T00:00:00.000Z";
beforeAll(async () => {
  port = await startPort();
  await port.seed({
    blueprints: [
      { identifier: "env", title: "Env", schema: { properties: { tier: { type: "string" } } } },
      {
        identifier: "service",
        title: "Service",
        schema: {
          properties: {
            lang: { type: "string" },
            stars: { type: "number" },
            tags: { type: "array" },
            owner: { type: "string", format: "email" },
          },
        },
        relations: { env: { target: "env", required: false, many: false } },
      },
      {
        identifier: "deployment",
        title: "Deployment",
        schema: { properties: {} },
        relations: { service: { target: "service", required: true, many: false } },
      },
    ],
    entities: [
      { identifier: "prod", blueprint: "env", properties: { tier: "gold" } },
      { identifier: "dev", blueprint: "env", properties: { tier: "" } },
      {
        identifier: "api",
        blueprint: "service",
        title: "API",
        team: ["core"],
        properties: { lang: "go", stars: 10, tags: ["http", "public"], owner: "a@x.io" },
        relations: { env: "prod" },
        datasource: "port-ocean/harbor/1/h1/exporter",
        updatedAt: at,
      },
      {
        identifier: "web",
        blueprint: "service",
        title: "Web front",
        properties: { lang: "ts", stars: 3, tags: [] },
        relations: { env: "dev" },
        datasource: "port-ocean/bitbucket/1/b1/exporter",
      },
      { identifier: "batch", blueprint: "service", properties: { lang: "python" }, relations: { env: null } },
      { identifier: "api-1", blueprint: "deployment", relations: { service: "api" } },
    ],
  });
  await port.login();
});
afterAll(() => port.close());

const search = async (rules: unknown[], combinator = "and") => {
  const res = await port.call("POST", "/v1/entities/search", { body: { combinator, rules } });
  expect(res.status).toBe(200);
  return (res.body.entities as { identifier: string }[]).map((e) => e.identifier).sort();
};
const rule = (property: string, operator: string, value?: unknown) => ({ property, operator, value });

describe("POST /v1/entities/search", () => {
  it.each([
    ["=", rule("lang", "=", "go"), ["api"]],
    ["!=", rule("lang", "!=", "go"), ["api-1", "batch", "dev", "prod", "web"]],
    ["in", rule("lang", "in", ["go", "ts"]), ["api", "web"]],
    ["notIn", rule("$blueprint", "notIn", ["service", "deployment"]), ["dev", "prod"]],
    ["contains on a string", rule("$title", "contains", "front"), ["web"]],
    ["contains on an array", rule("tags", "contains", "http"), ["api"]],
    ["containsAny", rule("tags", "containsAny", ["public", "x"]), ["api"]],
    ["doesNotContains", rule("$identifier", "doesNotContains", "a"), ["dev", "prod", "web"]],
    ["beginsWith", rule("$identifier", "beginsWith", "ap"), ["api", "api-1"]],
    ["endsWith", rule("$identifier", "endsWith", "-1"), ["api-1"]],
    ["doesNotBeginsWith", rule("$blueprint", "doesNotBeginsWith", "s"), ["api-1", "dev", "prod"]],
    [">", rule("stars", ">", 3), ["api"]],
    ["<=", rule("stars", "<=", 3), ["web"]],
    ["isEmpty", { property: "tier", operator: "isEmpty" }, ["api", "api-1", "batch", "dev", "web"]],
    ["isNotEmpty on an array", { property: "tags", operator: "isNotEmpty" }, ["api"]],
    ["isEmpty on a null relation", { property: "env", operator: "isEmpty" }, ["api-1", "batch", "dev", "prod"]],
    ["$team", rule("$team", "in", ["core"]), ["api"]],
    ["$datasource", rule("$datasource", "beginsWith", "port-ocean/harbor/"), ["api"]],
    ["$updatedAt between", rule("$updatedAt", "between", { from: "2026-01-01T00:00:00Z", to: "2026-01-31T00:00:00Z" }), ["api"]],
    ["a relation by name", rule("env", "=", "dev"), ["web"]],
  ])("%s", async (_, r, expected) => {
    expect(await search([r])).toEqual(expected);
  });

  it("nests combinators", async () => {
    const found = await search([
      rule("$blueprint", "=", "service"),
      { combinator: "or", rules: [rule("lang", "=", "python"), { combinator: "and", rules: [rule("stars", ">", 1), rule("stars", "<", 5)] }] },
    ]);
    expect(found).toEqual(["batch", "web"]);
    expect(await search([rule("lang", "=", "go"), rule("lang", "=", "ts")], "or")).toEqual(["api", "web"]);
  });

  it("follows relations with relatedTo, in both directions or one", async () => {
    const related = (extra: Record<string, unknown>) =>
      search([{ operator: "relatedTo", blueprint: "service", value: "api", ...extra }]);
    expect(await related({})).toEqual(["api-1", "prod"]);
    expect(await related({ direction: "upstream" })).toEqual(["prod"]);
    expect(await related({ direction: "downstream" })).toEqual(["api-1"]);
    expect(await search([{ operator: "relatedTo", blueprint: "env", value: ["prod"], direction: "downstream" }])).toEqual([
      "api",
      "api-1",
    ]);
    expect(await search([{ operator: "relatedTo", blueprint: "env", value: "prod", required: true }])).toEqual([]);
  });

  it("matches on property schemas", async () => {
    expect(await search([{ propertySchema: { type: "string", format: "email" }, operator: "=", value: "a@x.io" }])).toEqual(["api"]);
  });

  it("answers with matchingBlueprints and 422 for malformed queries", async () => {
    const res = await port.call("POST", "/v1/entities/search", { body: { combinator: "and", rules: [rule("lang", "=", "go")] } });
    expect(res.body.matchingBlueprints).toEqual(["service"]);
    for (const body of [{ rules: [] }, { combinator: "xor", rules: [] }, { combinator: "and", rules: [rule("a", "~", 1)] }]) {
      const bad = await port.call("POST", "/v1/entities/search", { body });
      expect(bad.status).toBe(422);
      expect(bad.body.error).toBe("invalid_request");
    }
  });
});

describe("POST /v1/blueprints/{bp}/entities/search", () => {
  it("pages with limit and an opaque next cursor", async () => {
    const path = "/v1/blueprints/service/entities/search";
    const seen: string[] = [];
    let from: string | undefined;
    let pages = 0;
    do {
      const res = await port.call("POST", path, { body: { limit: 2, ...(from && { from }) } });
      expect(res.status).toBe(200);
      seen.push(...res.body.entities.map((e: { identifier: string }) => e.identifier));
      from = res.body.next;
      pages++;
    } while (from);
    expect(seen).toEqual(["api", "batch", "web"]);
    expect(pages).toBe(2);
  });

  it("filters with a query, defaults to 200 per page and rejects limits outside 1..1000", async () => {
    const path = "/v1/blueprints/service/entities/search";
    const filtered = await port.call("POST", path, {
      body: { query: { combinator: "and", rules: [rule("lang", "in", ["go", "ts"])] }, include: ["identifier"] },
    });
    expect(filtered.body).toEqual({ ok: true, entities: [{ identifier: "api" }, { identifier: "web" }] });
    for (const limit of [0, 1001]) {
      const res = await port.call("POST", path, { body: { limit } });
      expect(res.status).toBe(422);
      expect(res.body.message).toContain("limit");
    }
    expect((await port.call("POST", path, { body: { from: "garbage!" } })).status).toBe(422);
    expect((await port.call("POST", "/v1/blueprints/nope/entities/search", { body: {} })).status).toBe(404);
  });
});
