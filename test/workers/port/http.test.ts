import { describe, expect, it } from "vitest";
import { createHttp, HttpError, RateLimitedError, type HttpOptions } from "../../../src/runtime/http.ts";
import { BudgetExhaustedError, createOutbound } from "../../../src/runtime/outbound.ts";
import { newFake } from "../../support/fakes.ts";

const fast = { backoff: { baseMs: 5, capMs: 20 }, retries: 3 } satisfies Partial<HttpOptions>;

async function setup(budget = 100, options: Partial<HttpOptions> = {}) {
  const fake = await newFake("echo");
  const outbound = createOutbound(budget);
  const http = createHttp({ baseURL: fake.url, outbound, ...fast, ...options });
  return { fake, outbound, http };
}

describe("createHttp", () => {
  it("retries 5xx with backoff until it converges, counting every attempt", async () => {
    const { fake, outbound, http } = await setup();
    await fake.faults([{ path: "^/x$", status: 502, times: 2 }]);
    const res = await http.request<{ method: string }>("/x", { method: "POST", body: { a: 1 } });
    expect(res.status).toBe(200);
    expect(res.data.method).toBe("POST");
    expect((await fake.requests()).map((r) => r.status)).toEqual([502, 502, 200]);
    expect(outbound.used).toBe(3);
  });

  it("reads a body by its Content-Type: JSON types and none are parsed, other types stay text, JSON that is not is an error", async () => {
    const { fake, http } = await setup();
    await fake.faults([
      { path: "^/vnd$", status: 200, text: '{"a":[1,"__proto__"]}', headers: { "content-type": "application/vnd.api+json; charset=utf-8" } },
      { path: "^/none$", status: 200, text: "[1,2]", headers: { "content-type": "" } },
      { path: "^/none-text$", status: 200, text: "identifier: x", headers: { "content-type": "" } },
      { path: "^/yaml$", status: 200, text: '{"identifier": "x"}', headers: { "content-type": "text/plain" } },
      { path: "^/octets$", status: 200, text: "identifier: y", headers: { "content-type": "application/octet-stream" } },
      { path: "^/broken$", status: 200, text: '{"a": ', headers: { "content-type": "application/json" } },
      { path: "^/gone$", status: 404, text: "<html>gone</html>", headers: { "content-type": "text/html" } },
    ]);
    expect((await http.request("/vnd")).data).toEqual({ a: [1, "__proto__"] });
    expect((await http.request("/none")).data).toEqual([1, 2]);
    expect((await http.request("/none-text")).data).toBe("identifier: x");
    expect((await http.request("/yaml")).data).toBe('{"identifier": "x"}');
    expect((await http.request("/octets")).data).toBe("identifier: y");
    expect(await http.request("/broken").catch((e) => e)).toMatchObject({ status: 200, code: "InvalidJson", detail: 'the body is not JSON: {"a": ' });
    expect(await http.request("/gone").catch((e) => e)).toMatchObject({ status: 404, detail: "<html>gone</html>" });
  });

  it("waits what Retry-After asks before retrying a 429", async () => {
    const { fake, http } = await setup();
    await fake.faults([{ path: "^/x$", status: 429, times: 1, headers: { "retry-after": "0.3" } }]);
    await http.request("/x");
    const [first, second] = await fake.requests();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(280);
  });

  it("throws RateLimitedError without sleeping when the server asks more than maxRetryWaitMs", async () => {
    const { fake, outbound, http } = await setup(100, { maxRetryWaitMs: 1000 });
    const reset = String(Math.floor(Date.now() / 1000) + 120);
    await fake.faults([{ path: "^/x$", status: 429, headers: { "x-ratelimit-reset": reset } }]);
    const started = Date.now();
    const error = await http.request("/x").catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterMs).toBeGreaterThan(100_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(outbound.used).toBe(1);
  });

  it("gives up after the configured retries with a typed, transient HttpError carrying Port's message", async () => {
    const { fake, outbound, http } = await setup();
    await fake.faults([{ path: "^/x$", status: 503, body: { ok: false, error: "service_unavailable", message: "try later" } }]);
    const error = await http.request("/x").catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503, code: "service_unavailable", detail: "try later", path: "/x", transient: true });
    expect(outbound.used).toBe(4);
  });

  it("does not retry a 4xx outside the retry list", async () => {
    const { fake, outbound, http } = await setup();
    await fake.faults([{ path: "^/x$", status: 422, body: { ok: false, error: "invalid_request", message: "bad" } }]);
    const error = await http.request("/x", { method: "POST", body: {} }).catch((e) => e);
    expect(error).toMatchObject({ status: 422, code: "invalid_request", transient: false });
    expect(outbound.used).toBe(1);
  });

  it("retries network errors and reports exhaustion as status 0", async () => {
    const fake = await newFake("echo");
    let failures = 2;
    const flaky = ((input: RequestInfo | URL, init?: RequestInit) =>
      failures-- > 0 ? Promise.reject(new TypeError("Network connection lost.")) : fetch(input, init)) as typeof fetch;
    const outbound = createOutbound(100, flaky);
    const http = createHttp({ baseURL: fake.url, outbound, ...fast });
    expect((await http.request("/x")).status).toBe(200);
    expect(outbound.used).toBe(3);

    failures = 100;
    const error = await http.request("/x").catch((e) => e);
    expect(error).toMatchObject({ status: 0, transient: true, detail: "Network connection lost." });
    expect(outbound.used).toBe(7);
  });

  it("stops at a spent budget without retrying, and counts exactly", async () => {
    const { fake, outbound, http } = await setup(2);
    await fake.faults([{ path: "^/x$", status: 503 }]);
    const error = await http.request("/x").catch((e) => e);
    expect(error).toBeInstanceOf(BudgetExhaustedError);
    expect(outbound.used).toBe(2);
    expect(await fake.requests()).toHaveLength(2);
    await expect(http.request("/y")).rejects.toBeInstanceOf(BudgetExhaustedError);
    expect(outbound.used).toBe(2);
  });

  it("keeps credentials out of error messages even when the server echoes them", async () => {
    const token = "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl";
    const { fake, http } = await setup(100, { secrets: () => ["s3cr3t-value"] });
    await fake.faults([
      {
        path: "^/x$",
        status: 401,
        body: { ok: false, error: "unauthorized", message: `token ${token} / Bearer other.token.here / s3cr3t-value rejected` },
      },
    ]);
    const error = await http.request("/x", { headers: { authorization: `Bearer ${token}` } }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    const text = `${error.message} ${error.detail} ${String(error)} ${JSON.stringify(error)}`;
    expect(text).toContain("rejected");
    for (const secret of [token, "other.token.here", "s3cr3t-value"]) expect(text).not.toContain(secret);
  });
});
