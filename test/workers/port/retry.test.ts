import { describe, expect, it } from "vitest";
import { backoffMs, requestedWaitMs } from "../../../src/runtime/retry.ts";

const headers = (h: Record<string, string>) => new Headers(h);
const NOW = Date.parse("2026-03-01T12:00:00Z");

describe("requestedWaitMs", () => {
  it("reads Retry-After in seconds, fractions rounded up", () => {
    expect(requestedWaitMs(429, headers({ "retry-after": "3" }), NOW)).toBe(3000);
    expect(requestedWaitMs(503, headers({ "retry-after": "0.25" }), NOW)).toBe(250);
  });

  it("reads Retry-After as an HTTP date, never negative", () => {
    expect(requestedWaitMs(429, headers({ "retry-after": "Sun, 01 Mar 2026 12:00:07 GMT" }), NOW)).toBe(7000);
    expect(requestedWaitMs(429, headers({ "retry-after": "Sun, 01 Mar 2026 11:59:00 GMT" }), NOW)).toBe(0);
  });

  it("reads x-ratelimit-reset above 10000 as epoch seconds and below as seconds to wait", () => {
    expect(requestedWaitMs(429, headers({ "x-ratelimit-reset": String(NOW / 1000 + 12) }), NOW)).toBe(12_000);
    expect(requestedWaitMs(429, headers({ "x-ratelimit-reset": "9" }), NOW)).toBe(9000);
  });

  it("ignores x-ratelimit-reset unless the answer is 429, since Port sends it on every response", () => {
    expect(requestedWaitMs(503, headers({ "x-ratelimit-reset": "9" }), NOW)).toBeUndefined();
  });

  it("prefers Retry-After and ignores what it cannot parse", () => {
    expect(requestedWaitMs(429, headers({ "retry-after": "2", "x-ratelimit-reset": "60" }), NOW)).toBe(2000);
    expect(requestedWaitMs(429, headers({ "retry-after": "soon" }), NOW)).toBeUndefined();
    expect(requestedWaitMs(429, undefined, NOW)).toBeUndefined();
  });

  it("waits for the reset on a 429 that reports the window spent, whatever Retry-After asks", () => {
    const spent = { "retry-after": "1", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 240) };
    expect(requestedWaitMs(429, headers(spent), NOW)).toBe(240_000);
    expect(requestedWaitMs(429, headers({ ...spent, "x-ratelimit-remaining": "3" }), NOW)).toBe(1000);
    expect(requestedWaitMs(503, headers(spent), NOW)).toBe(1000);
  });
});

describe("backoffMs", () => {
  const backoff = { baseMs: 300, capMs: 5000 };

  it("doubles per attempt within ±10 %", () => {
    expect(backoffMs(0, backoff, () => 0)).toBe(270);
    expect(backoffMs(0, backoff, () => 1)).toBe(330);
    expect(backoffMs(2, backoff, () => 0.5)).toBe(1200);
  });

  it("never exceeds the cap, jitter included", () => {
    expect(backoffMs(10, backoff, () => 1)).toBe(5000);
    expect(backoffMs(10, backoff, () => 0)).toBe(4500);
  });
});
