import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PortHarness, startPort } from "../../contract/port-harness.ts";

let port: PortHarness;
beforeEach(async () => {
  port = await startPort();
  await port.seed({ blueprints: [{ identifier: "image", title: "Image", schema: { properties: {} } }, { identifier: "repo", title: "Repo", schema: { properties: {} } }] });
  await port.login();
});
afterEach(() => port.close());

const harborUa = (version: string) => `port-ocean/harbor/${version}/h1/exporter`;
const write = (blueprint: string, identifiers: string[], userAgent: string) =>
  port.call("POST", `/v1/blueprints/${blueprint}/entities/bulk?upsert=true`, {
    body: { entities: identifiers.map((identifier) => ({ identifier })) },
    headers: { "user-agent": userAgent },
  });
const owned = (body: Record<string, unknown>) =>
  port.call("POST", "/v1/blueprints/entities/datasource-entities", {
    body: { datasource_prefix: "port-ocean/harbor/", datasource_suffix: "/h1/exporter", ...body },
  });
const idsOf = (res: { body: { entities: { blueprint: string; identifier: string }[] } }) =>
  res.body.entities.map((e) => `${e.blueprint}/${e.identifier}`);

describe("POST /v1/blueprints/entities/datasource-entities", () => {
  it("finds entities by the writer's User-Agent prefix and suffix across blueprints and versions", async () => {
    await write("image", ["i1", "i2"], harborUa("0.1.0"));
    await write("repo", ["r1"], harborUa("0.2.0"));
    await write("repo", ["r2"], "port-ocean/harbor/0.1.0/h2/exporter");
    await write("repo", ["r3"], "port-ocean/harbor/0.1.0/h1/gitops");
    const res = await owned({});
    expect(res.status).toBe(200);
    expect(res.body.next).toBeNull();
    expect(idsOf(res)).toEqual(["image/i1", "image/i2", "repo/r1"]);
    expect(res.body.entities[0]).toMatchObject({ identifier: "i1", blueprint: "image", createdBy: "test-client-id" });
  });

  it("hands an entity to the last writer", async () => {
    await write("image", ["i1"], harborUa("0.1.0"));
    await write("image", ["i1"], "someone-else/1.0");
    expect(idsOf(await owned({}))).toEqual([]);
  });

  it("pages with limit and an opaque next, and keeps only entities updated before `before`", async () => {
    await write("image", ["a", "b", "c"], harborUa("1"));
    const cut = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await write("image", ["d"], harborUa("1"));
    const first = await owned({ limit: 2 });
    expect(idsOf(first)).toEqual(["image/a", "image/b"]);
    expect(typeof first.body.next).toBe("string");
    const second = await owned({ limit: 2, from: first.body.next });
    expect(idsOf(second)).toEqual(["image/c", "image/d"]);
    expect(second.body.next).toBeNull();
    expect(idsOf(await owned({ before: cut }))).toEqual(["image/a", "image/b", "image/c"]);
  });

  it("rejects limits above 5000, missing prefixes and bad dates with 422, and needs a token", async () => {
    for (const body of [{ limit: 5001 }, { limit: 0 }, { datasource_prefix: undefined }, { before: "yesterday" }]) {
      const res = await owned(body);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ ok: false, error: "invalid_request" });
    }
    const anonymous = await port.call("POST", "/v1/blueprints/entities/datasource-entities", {
      body: { datasource_prefix: "a", datasource_suffix: "b" },
      token: null,
    });
    expect(anonymous.status).toBe(401);
  });
});
