import { describe, expect, it } from "vitest";
import { memoryTokenStore } from "../../../src/port/token.ts";
import { HttpError } from "../../../src/runtime/http.ts";
import { artifact, CLIENT_SECRET, isBulk, newPort, upsertOptions, writerFor } from "./support.ts";

const isAuth = (r: { path: string }) => r.path === "/v1/auth/access_token";

describe("Port access token", () => {
  it("is fetched once and stored with its expiry and refresh time", async () => {
    const port = await newPort();
    const store = memoryTokenStore();
    const { writer } = writerFor(port, { store });
    const before = Date.now();
    await writer.upsert([artifact(1)], upsertOptions);
    await writer.upsert([artifact(2)], upsertOptions);
    const token = await store.get();
    expect(token?.clientId).toBe("test-client-id");
    expect(token?.accessToken.split(".")).toHaveLength(3);
    const lifetime = token!.expiresAt - before;
    expect(lifetime).toBeGreaterThan(0);
    expect(token!.refreshAt - before).toBeCloseTo(0.8 * lifetime, -3);
    expect((await port.requests()).filter(isAuth)).toHaveLength(1);
  });

  it("is reused across writers sharing a TokenStore, and renewed once after Port expires it", async () => {
    const port = await newPort();
    const store = memoryTokenStore();
    const a = writerFor(port, { store }).writer;
    const b = writerFor(port, { store }).writer;
    await a.upsert([artifact(1)], upsertOptions);
    await b.upsert([artifact(2)], upsertOptions);
    expect((await port.state()).tokensIssued).toBe(1);
    const first = (await store.get())!.accessToken;

    await port.action("expire-tokens");
    await port.clearRequests();
    expect((await a.upsert([artifact(3)], upsertOptions)).written).toHaveLength(1);
    expect((await b.upsert([artifact(4)], upsertOptions)).written).toHaveLength(1);

    const log = await port.requests();
    // Each writer's stale token meets one 401 and one retry; only the first renewal asks Port.
    expect(log.filter(isBulk).map((r) => r.status)).toEqual([401, 200, 401, 200]);
    expect(log.filter(isAuth)).toHaveLength(1);
    expect((await port.state()).tokensIssued).toBe(2);
    expect((await store.get())!.accessToken).not.toBe(first);
  });

  it("is renewed before it expires, at 80 % of its lifetime, without waiting for a 401", async () => {
    const port = await newPort();
    let clock = Date.now();
    const { writer, tokens } = writerFor(port, { now: () => clock });
    await writer.upsert([artifact(1)], upsertOptions);
    const { refreshAt, expiresAt } = (await tokens.get())!;
    clock = refreshAt - 1;
    await writer.upsert([artifact(2)], upsertOptions);
    expect((await port.requests()).filter(isAuth)).toHaveLength(1);
    clock = refreshAt + 1;
    await writer.upsert([artifact(3)], upsertOptions);
    const log = await port.requests();
    expect(log.filter(isAuth)).toHaveLength(2);
    expect(log.filter(isBulk).map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await tokens.get())!.refreshAt).toBeGreaterThan(refreshAt);
    expect(expiresAt).toBeGreaterThan(refreshAt);
  });

  it("retries a call refused with 401 only once", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    await port.faults([{ path: "/entities/bulk$", status: 401, body: { ok: false, error: "unauthorized", message: "Invalid token" } }]);
    const error = await writer.upsert([artifact(1)], upsertOptions).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(401);
    expect((await port.requests()).filter(isBulk)).toHaveLength(2);
  });

  it("reports bad credentials without the secret", async () => {
    const port = await newPort();
    const secret = "wrong-but-secret-value";
    const { writer, tokens } = writerFor(port, { clientSecret: secret });
    const error = await writer.upsert([artifact(1)], upsertOptions).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(401);
    expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain(secret);
    expect(`${error.message}`).not.toContain(CLIENT_SECRET);
    expect(await tokens.get()).toBeNull();
  });
});
