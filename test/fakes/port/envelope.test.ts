import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PortHarness, startPort } from "../../contract/port-harness.ts";

let port: PortHarness;
beforeEach(async () => {
  port = await startPort();
  await port.login();
});
afterEach(() => port.close());

const RATE_HEADERS = ["x-ratelimit-period", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"];

function expectPortHeaders(headers: Headers) {
  expect(headers.get("x-trace-id")).toMatch(/^[0-9a-f-]{36}$/);
  for (const name of RATE_HEADERS) expect(headers.get(name), name).toMatch(/^\d+$/);
  expect(headers.get("content-type")).toContain("application/json");
}

describe("every response", () => {
  it("carries X-Trace-Id and the rate-limit headers, on success, errors and unknown routes", async () => {
    const answers = [
      await port.call("GET", "/v1/blueprints"),
      await port.call("GET", "/v1/blueprints/nope"),
      await port.call("GET", "/v1/blueprints", { token: null }),
      await port.call("GET", "/v1/nothing-here"),
      await port.call("GET", "/v1/blueprints/%E0%A4%A"),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 404, 401, 404, 404]);
    for (const a of answers) expectPortHeaders(a.headers);
    expect(answers[3]!.body).toMatchObject({ ok: false, error: "not_found" });
    expect(answers[0]!.headers.get("x-trace-id")).not.toBe(answers[1]!.headers.get("x-trace-id"));
  });

  it("reports the reset as a UTC epoch in seconds and counts remaining requests down", async () => {
    const a = await port.call("GET", "/v1/blueprints");
    const b = await port.call("GET", "/v1/blueprints");
    const reset = Number(a.headers.get("x-ratelimit-reset"));
    const now = Date.now() / 1000;
    expect(reset).toBeGreaterThan(now);
    expect(reset).toBeLessThanOrEqual(now + 300 + 1);
    expect(Number(b.headers.get("x-ratelimit-remaining"))).toBe(Number(a.headers.get("x-ratelimit-remaining")) - 1);
  });

  it("answers 413 request_too_large for a body over 1 MiB and accepts one just under", async () => {
    const padding = (size: number) => JSON.stringify({ combinator: "and", rules: [], pad: "x".repeat(size) });
    const over = padding(1_048_576);
    const res = await port.call("POST", "/v1/entities/search", { rawBody: over });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ ok: false, error: "request_too_large" });
    expectPortHeaders(res.headers);
    const under = JSON.stringify({ combinator: "and", rules: [{ property: "$title", operator: "=", value: "x".repeat(1_048_000) }] });
    expect((await port.call("POST", "/v1/entities/search", { rawBody: under })).status).toBe(200);
  });

  it("answers 422 invalid_request for a body that is not JSON", async () => {
    const res = await port.call("POST", "/v1/entities/search", { rawBody: "{nope" });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ ok: false, error: "invalid_request" });
  });
});

describe("injected faults", () => {
  it("use Port's error envelope and headers", async () => {
    await port.faults([{ path: "^/v1/blueprints$", status: 503, times: 1 }]);
    const res = await port.call("GET", "/v1/blueprints");
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ ok: false, error: "internal_error" });
    expect(typeof res.body.message).toBe("string");
    expectPortHeaders(res.headers);
    expect((await port.call("GET", "/v1/blueprints")).status).toBe(200);
  });

  it("let a 429 carry Retry-After and an epoch x-ratelimit-reset that win over the fake's own", async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 7);
    await port.faults([
      { path: "/entities/bulk$", status: 429, times: 1, headers: { "Retry-After": "3", "x-ratelimit-reset": reset } },
    ]);
    const res = await port.call("POST", "/v1/blueprints/bp/entities/bulk?upsert=true", {
      body: { entities: [{ identifier: "a" }] },
    });
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ ok: false, error: "rate_limit_exceeded" });
    expect(res.headers.get("retry-after")).toBe("3");
    expect(res.headers.get("x-ratelimit-reset")).toBe(reset);
    expect(res.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
  });
});

describe("the rate limit", () => {
  it("answers 429 with Retry-After once the window's budget is spent", async () => {
    await port.close();
    port = await startPort({ rateLimit: { limit: 3, periodSeconds: 60 } });
    await port.login();
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 3; i++) {
      last = await port.call("GET", "/v1/blueprints");
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(last!.body).toMatchObject({ ok: false, error: "rate_limit_exceeded" });
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(last!.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(last!.headers.get("x-ratelimit-limit")).toBe("3");
  });

  it("opens a new window after the period, with a later reset, and reports each window's count in its state", async () => {
    await port.close();
    port = await startPort({ rateLimit: { limit: 5, periodSeconds: 1 } });
    await port.login();
    const first = await port.call("GET", "/v1/blueprints");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const next = await port.call("GET", "/v1/blueprints");
    expect(Number(next.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Number(first.headers.get("x-ratelimit-reset")));
    expect(next.headers.get("x-ratelimit-remaining")).toBe("4");
    // The login and one call in the first window, one call in the second; rejected requests are not counted.
    expect((await port.state()).rateLimitWindows).toEqual([2, 1]);
  });
});
