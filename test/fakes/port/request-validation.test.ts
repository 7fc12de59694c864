import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG, CLIENT, type PortHarness, startPort } from "../../contract/port-harness.ts";
import { checkQuery, checkRequestBody } from "../../contract/port-spec.ts";

/**
 * The fake's own request schemas are condensed from the spec; these requests pin that the fake and
 * the spec accept and reject the same ones (the fake answering 422 invalid_request naming the field).
 */
let port: PortHarness;
beforeAll(async () => {
  port = await startPort();
  await port.seed(CATALOG);
  await port.login();
});
afterAll(() => port.close());

const entity = { identifier: "api", properties: { url: "https://x.example" } };
const search = { combinator: "and", rules: [{ property: "$identifier", operator: "=", value: "x" }] };
const blueprint = { identifier: "bp", title: "BP", schema: { properties: { p: { type: "string" } } } };

type Case = [name: string, method: string, path: string, body: unknown, field?: string];

const BULK = "/v1/blueprints/repository/entities/bulk";
const DELETE = "/v1/blueprints/repository/bulk/entities/delete";
const PAGED = "/v1/blueprints/repository/entities/search";

const accepted: Case[] = [
  ["bulk upsert", "POST", `${BULK}?upsert=true&merge=true`, { entities: [entity] }],
  ["bulk with a search identifier", "POST", `${BULK}?upsert=true`, { entities: [{ identifier: search }] }],
  ["bulk with relations of every shape", "POST", `${BULK}?upsert=false`, { entities: [{ ...entity, relations: { a: "x", b: ["y"], c: null } }] }],
  ["single create", "POST", "/v1/blueprints/repository/entities?upsert=true&validation_only=true", entity],
  ["bulk delete", "POST", `${DELETE}?delete_dependents=false`, { entities: ["a"] }],
  ["paged search", "POST", PAGED, { query: search, limit: 1000, include: ["identifier"] }],
  ["search", "POST", "/v1/entities/search?include=identifier&include=title", search],
  ["nested search", "POST", "/v1/entities/search", { combinator: "or", rules: [search, { property: "a", operator: "isEmpty" }] }],
  ["blueprint", "POST", "/v1/blueprints", blueprint],
  ["entity patch", "PATCH", "/v1/blueprints/repository/entities/nope", { title: null, properties: { url: "https://y" } }],
  ["login", "POST", "/v1/auth/access_token", CLIENT],
];

const rejected: Case[] = [
  ["21 entities", "POST", `${BULK}?upsert=true`, { entities: Array.from({ length: 21 }, () => entity) }, "entities"],
  ["no entities", "POST", `${BULK}?upsert=true`, { entities: [] }, "entities"],
  ["no upsert", "POST", `${BULK}?merge=true`, { entities: [entity] }, "upsert"],
  ["a non-boolean upsert", "POST", `${BULK}?upsert=maybe`, { entities: [entity] }, "upsert"],
  ["an identifier with a space", "POST", `${BULK}?upsert=true`, { entities: [{ identifier: "a b" }] }, "identifier"],
  ["the identifier ..", "POST", `${BULK}?upsert=true`, { entities: [{ identifier: ".." }] }, "identifier"],
  ["a numeric relation", "POST", `${BULK}?upsert=true`, { entities: [{ ...entity, relations: { a: 1 } }] }, "relations"],
  ["an extra bulk key", "POST", `${BULK}?upsert=true`, { entities: [entity], blueprint: "repository" }, "blueprint"],
  ["a numeric team", "POST", `${BULK}?upsert=true`, { entities: [{ ...entity, team: 5 }] }, "team"],
  ["a numeric title", "POST", "/v1/blueprints/repository/entities?upsert=true", { ...entity, title: 1 }, "title"],
  ["array properties", "POST", "/v1/blueprints/repository/entities?upsert=true", { ...entity, properties: [] }, "properties"],
  ["101 deletions", "POST", `${DELETE}?delete_dependents=true`, { entities: Array.from({ length: 101 }, (_, i) => `e${i}`) }, "entities"],
  ["no delete_dependents", "POST", DELETE, { entities: ["a"] }, "delete_dependents"],
  ["a string of ids", "POST", `${DELETE}?delete_dependents=true`, { entities: "a" }, "entities"],
  ["limit 0", "POST", PAGED, { limit: 0 }, "limit"],
  ["limit 1001", "POST", PAGED, { limit: 1001 }, "limit"],
  ["an unknown paged-search key", "POST", PAGED, { size: 10 }, "size"],
  ["a bad combinator", "POST", PAGED, { query: { ...search, combinator: "xor" } }, "query"],
  ["no rules", "POST", "/v1/entities/search", { combinator: "and" }, "rules"],
  ["an unknown operator", "POST", "/v1/entities/search", { combinator: "and", rules: [{ property: "a", operator: "~", value: 1 }] }, "rules"],
  ["no client secret", "POST", "/v1/auth/access_token", { clientId: "x" }, "clientSecret"],
  ["an extra credential", "POST", "/v1/auth/access_token", { ...CLIENT, scope: "all" }, "scope"],
  ["a blueprint id with =", "POST", "/v1/blueprints", { ...blueprint, identifier: "a=b" }, "identifier"],
  ["an empty blueprint title", "POST", "/v1/blueprints", { ...blueprint, title: "" }, "title"],
  ["no blueprint schema", "POST", "/v1/blueprints", { identifier: "bp", title: "BP" }, "schema"],
  ["an unknown property type", "POST", "/v1/blueprints", { ...blueprint, schema: { properties: { p: { type: "date" } } } }, "type"],
  ["an unknown entity patch key", "PATCH", "/v1/blueprints/repository/entities/x", { colour: "red" }, "colour"],
  ["no integration config", "PATCH", "/v1/integration/x/config", {}, "config"],
  ["a string integration config", "PATCH", "/v1/integration/x/config", { config: "yes" }, "config"],
];

function specVerdict(method: string, pathWithQuery: string, body: unknown): boolean {
  const [path, query = ""] = pathWithQuery.split("?");
  return checkQuery(method, path!, new URLSearchParams(query)).valid && checkRequestBody(method, path!, body).valid;
}

describe("request validation agrees with the spec", () => {
  it.each(accepted)("accepts %s", async (_, method, path, body) => {
    expect(specVerdict(method, path, body)).toBe(true);
    const res = await port.call(method, path, { body });
    expect(res.body?.error, JSON.stringify(res.body)).not.toBe("invalid_request");
  });

  it.each(rejected)("rejects %s with 422 naming the field", async (_, method, path, body, field) => {
    expect(specVerdict(method, path, body)).toBe(false);
    const res = await port.call(method, path, { body });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ ok: false, error: "invalid_request" });
    expect(res.body.message).toContain(field);
  });
});
