import { describe, expect, it } from "vitest";
import { checkQuery, checkRequestBody, checkResponse, PORT_SPEC_SHA256, portSpecBytes, sha256 } from "../../contract/port-spec.ts";

describe("the Port spec helper", () => {
  it("reads the vendored spec pinned in specs/README.md", () => {
    expect(sha256(portSpecBytes())).toBe(PORT_SPEC_SHA256);
  });

  it("matches literal routes before parameterised ones", () => {
    expect(checkResponse("POST", "/v1/entities/search", 200, { ok: true, entities: [] }).template).toBe(
      "/v1/entities/search",
    );
    expect(checkResponse("GET", "/v1/blueprints/a%2Fb/entities/x", 404, {}).template).toBe(
      "/v1/blueprints/{blueprint_identifier}/entities/{entity_identifier}",
    );
  });

  it("accepts the fields the real API adds to entities and errors, and nothing else", () => {
    const entity = {
      identifier: "e1",
      properties: {},
      relations: {},
      blueprint: "bp",
      createdAt: "2026-01-01T00:00:00.000Z",
      createdBy: "client",
      updatedAt: "2026-01-01T00:00:00.000Z",
      updatedBy: "client",
    };
    expect(checkResponse("GET", "/v1/blueprints/bp/entities/e1", 200, { ok: true, entity }).valid).toBe(true);
    expect(checkResponse("GET", "/v1/blueprints/bp/entities/e1", 200, { ok: true, entity: { ...entity, x: 1 } }).valid).toBe(false);
    const error = { ok: false, error: "forbidden_format_change", message: "m", details: { property: "p" } };
    expect(checkResponse("PUT", "/v1/blueprints/bp", 422, error).valid).toBe(true);
    expect(checkResponse("PUT", "/v1/blueprints/bp", 422, { ...error, extra: 1 }).valid).toBe(false);
  });

  it("resolves the spec's shared query schemas", () => {
    const query = { combinator: "and", rules: [{ property: "$identifier", operator: "=", value: "x" }] };
    expect(checkRequestBody("POST", "/v1/entities/search", query).valid).toBe(true);
    expect(checkRequestBody("POST", "/v1/entities/search", { ...query, combinator: "xor" }).valid).toBe(false);
  });

  it("requires the query parameters the spec requires", () => {
    const bulk = "/v1/blueprints/bp/entities/bulk";
    expect(checkQuery("POST", bulk, new URLSearchParams("upsert=true")).valid).toBe(true);
    expect(checkQuery("POST", bulk, new URLSearchParams("merge=true")).valid).toBe(false);
    expect(checkQuery("POST", bulk, new URLSearchParams("upsert=maybe")).valid).toBe(false);
  });

  it("reports what the spec leaves undeclared", () => {
    expect(checkResponse("POST", "/v1/blueprints/entities/datasource-entities", 200, {}).declared).toBe(false);
    expect(checkResponse("GET", "/v1/integration/x", 200, {}).declared).toBe(false);
  });
});
