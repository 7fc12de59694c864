import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLIENT, type PortHarness, startPort } from "../../contract/port-harness.ts";

let port: PortHarness;
afterEach(() => port.close());

const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

describe("POST /v1/auth/access_token", () => {
  beforeEach(async () => {
    port = await startPort();
  });

  it("issues a 3-hour bearer JWT carrying the client id", async () => {
    const res = await port.call("POST", "/v1/auth/access_token", { body: CLIENT, token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, expiresIn: 10_800, tokenType: "Bearer" });
    const parts = (res.body.accessToken as string).split(".");
    expect(parts).toHaveLength(3);
    expect(decode(parts[0]!)).toMatchObject({ typ: "JWT" });
    expect(decode(parts[1]!)).toMatchObject({ clientId: CLIENT.clientId, isMachine: true });
    expect(decode(parts[1]!).exp - decode(parts[1]!).iat).toBe(10_800);
  });

  it("returns the same token to the same client until it expires", async () => {
    const first = await port.login();
    const again = await port.call("POST", "/v1/auth/access_token", { body: CLIENT, token: null });
    expect(again.body.accessToken).toBe(first);
    expect(again.body.expiresIn).toBeLessThanOrEqual(10_800);
    expect((await port.state()).tokensIssued).toBe(1);
  });

  it("rejects wrong credentials with 401 and malformed bodies with 422", async () => {
    const wrong = await port.call("POST", "/v1/auth/access_token", {
      body: { ...CLIENT, clientSecret: "nope" },
      token: null,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ ok: false, error: "unauthorized" });
    const missing = await port.call("POST", "/v1/auth/access_token", { body: { clientId: "x" }, token: null });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ ok: false, error: "invalid_request" });
    expect(missing.body.message).toContain("clientSecret");
  });
});

describe("bearer tokens on other routes", () => {
  beforeEach(async () => {
    port = await startPort();
  });

  it("answers 401 without, with a malformed, or with an unknown token", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Basic abc" }, { authorization: "Bearer a.b.c" }];
    for (const headers of attempts) {
      const res = await port.call("GET", "/v1/blueprints", { token: null, headers });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ ok: false, error: "unauthorized" });
    }
  });

  it("answers 401 once tokens expire, and a new login yields a fresh token that works", async () => {
    const old = await port.login();
    expect((await port.call("GET", "/v1/blueprints")).status).toBe(200);
    await port.action("expire-tokens");
    const expired = await port.call("GET", "/v1/blueprints", { token: old });
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/expired/i);
    const fresh = await port.login();
    expect(fresh).not.toBe(old);
    expect((await port.call("GET", "/v1/blueprints")).status).toBe(200);
    expect((await port.state()).tokensIssued).toBe(2);
  });
});

describe("options", () => {
  it("accepts only the configured clients and honours the token lifetime", async () => {
    port = await startPort({ clients: { ci: "s3cret" }, tokenTtlSeconds: 1 });
    const refused = await port.call("POST", "/v1/auth/access_token", { body: CLIENT, token: null });
    expect(refused.status).toBe(401);
    await port.login({ clientId: "ci", clientSecret: "s3cret" });
    const res = await port.call("GET", "/v1/blueprints");
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await port.call("GET", "/v1/blueprints")).status).toBe(401);
  });

  it("can be reconfigured by the configure action, dropping issued tokens", async () => {
    port = await startPort();
    const old = await port.login();
    await port.action("configure", { clients: { other: "pw" }, rateLimit: { limit: 10, periodSeconds: 60 } });
    expect((await port.call("GET", "/v1/blueprints", { token: old })).status).toBe(401);
    expect((await port.call("POST", "/v1/auth/access_token", { body: CLIENT, token: null })).status).toBe(401);
    await port.login({ clientId: "other", clientSecret: "pw" });
    const res = await port.call("GET", "/v1/blueprints");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-limit")).toBe("10");
  });

  it("records who wrote what from the token's client id", async () => {
    port = await startPort({ clients: { writer: "pw" } });
    await port.login({ clientId: "writer", clientSecret: "pw" });
    const res = await port.call("POST", "/v1/blueprints", {
      body: { identifier: "bp", title: "BP", schema: { properties: {} } },
    });
    expect(res.body.blueprint).toMatchObject({ createdBy: "writer", updatedBy: "writer" });
  });
});
