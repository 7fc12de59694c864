import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PortHarness, startPort } from "../../contract/port-harness.ts";

let port: PortHarness;
beforeEach(async () => {
  port = await startPort();
  await port.login();
});
afterEach(() => port.close());

const project = { identifier: "project", title: "Project", schema: { properties: { url: { type: "string", format: "url" } } } };
const service = {
  identifier: "service",
  title: "Service",
  schema: { properties: {}, required: [] },
  relations: { project: { title: "Project", target: "project", required: false, many: false } },
};

describe("blueprints", () => {
  it("creates with 201, lists, reads, and answers 404 for a missing one", async () => {
    const created = await port.call("POST", "/v1/blueprints", { body: project });
    expect(created.status).toBe(201);
    expect(created.body.blueprint).toMatchObject({
      identifier: "project",
      relations: {},
      schema: { required: [] },
      createdBy: "test-client-id",
    });
    expect((await port.call("GET", "/v1/blueprints")).body.blueprints).toHaveLength(1);
    expect((await port.call("GET", "/v1/blueprints/project")).body.blueprint.title).toBe("Project");
    const missing = await port.call("GET", "/v1/blueprints/nope");
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe("not_found");
  });

  it("answers 409 for a duplicate and 422 for invalid bodies", async () => {
    await port.call("POST", "/v1/blueprints", { body: project });
    expect((await port.call("POST", "/v1/blueprints", { body: project })).status).toBe(409);
    for (const body of [
      { ...project, identifier: "a=b" },
      { ...project, title: "" },
      { identifier: "x", title: "X" },
      { ...project, identifier: "y", schema: { properties: { p: { type: "date" } } } },
      { ...project, identifier: "z", relations: { r: { required: false, many: false } } },
    ]) {
      const res = await port.call("POST", "/v1/blueprints", { body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toBe("invalid_request");
    }
  });

  it("fills relation defaults as Fastify's Ajv does", async () => {
    await port.call("POST", "/v1/blueprints", { body: project });
    const res = await port.call("POST", "/v1/blueprints", {
      body: { ...service, relations: { project: { target: "project" } } },
    });
    expect(res.status).toBe(201);
    expect(res.body.blueprint.relations).toEqual({ project: { target: "project", required: false, many: false } });
  });

  it("requires relation targets to exist and forbids many+required", async () => {
    expect((await port.call("POST", "/v1/blueprints", { body: service })).status).toBe(404);
    await port.call("POST", "/v1/blueprints", { body: project });
    expect((await port.call("POST", "/v1/blueprints", { body: service })).status).toBe(201);
    const both = { ...service, identifier: "svc2", relations: { p: { target: "project", required: true, many: true } } };
    expect((await port.call("POST", "/v1/blueprints", { body: both })).status).toBe(422);
  });

  it("replaces with PUT and merges with PATCH, keeping createdAt", async () => {
    const created = (await port.call("POST", "/v1/blueprints", { body: project })).body.blueprint;
    const put = await port.call("PUT", "/v1/blueprints/project", {
      body: { title: "Projects", schema: { properties: { name: { type: "string" } } } },
    });
    expect(put.status).toBe(200);
    expect(put.body.blueprint).toMatchObject({ identifier: "project", title: "Projects", createdAt: created.createdAt });
    expect(Object.keys(put.body.blueprint.schema.properties)).toEqual(["name"]);
    const patched = await port.call("PATCH", "/v1/blueprints/project", {
      body: { schema: { properties: { size: { type: "number" } } } },
    });
    expect(Object.keys(patched.body.blueprint.schema.properties).sort()).toEqual(["name", "size"]);
    expect(patched.body.blueprint.title).toBe("Projects");
    expect((await port.call("PATCH", "/v1/blueprints/nope", { body: {} })).status).toBe(404);
  });

  it("refuses to change a property's format once entities exist", async () => {
    await port.call("POST", "/v1/blueprints", { body: project });
    await port.call("POST", "/v1/blueprints/project/entities?upsert=true", {
      body: { identifier: "p", properties: { url: "https://x" } },
    });
    const res = await port.call("PATCH", "/v1/blueprints/project", {
      body: { schema: { properties: { url: { type: "string", format: "email" } } } },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: "forbidden_format_change", details: { property: "url" } });
  });

  it("refuses to delete a blueprint with entities or one targeted by a relation", async () => {
    await port.call("POST", "/v1/blueprints", { body: project });
    await port.call("POST", "/v1/blueprints", { body: service });
    await port.call("POST", "/v1/blueprints/service/entities?upsert=true", { body: { identifier: "s" } });
    const targeted = await port.call("DELETE", "/v1/blueprints/project");
    expect(targeted.status).toBe(422);
    expect(targeted.body.error).toBe("has_dependents");
    const withEntities = await port.call("DELETE", "/v1/blueprints/service");
    expect(withEntities.body.error).toBe("has_dependents");
    await port.call("DELETE", "/v1/blueprints/service/entities/s?delete_dependents=false");
    expect((await port.call("DELETE", "/v1/blueprints/service")).body).toEqual({ ok: true });
    expect((await port.call("DELETE", "/v1/blueprints/project")).status).toBe(200);
    expect((await port.state()).blueprints).toEqual([]);
  });
});
