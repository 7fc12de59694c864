import { describe, expect, it } from "vitest";
import { createPacer, RateShareSpentError } from "../../../src/port/pace.ts";
import { RateLimitedError } from "../../../src/runtime/http.ts";
import { createOutbound } from "../../../src/runtime/outbound.ts";
import { artifact, isBulk, newPort, upsertOptions, writerFor } from "./support.ts";

const NOW = 1_780_000_000_000;
const BULK = "https://api.port.io/v1/blueprints/artifact/entities/bulk";
const SEARCH = "https://api.port.io/v1/entities/search";
const window = (remaining: number, limit = 100, reset = String(NOW / 1000 + 60)) =>
  new Headers({ "x-ratelimit-limit": String(limit), "x-ratelimit-remaining": String(remaining), "x-ratelimit-reset": reset });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("createPacer", () => {
  it("sends while the others' part of the window stays untouched, counting requests in flight", () => {
    const pacer = createPacer({ share: 0.5, now: () => NOW });
    pacer.take(BULK, "POST");
    pacer.observe(BULK, window(53));
    pacer.release();
    // 53 left, 50 of them the others': three may be in flight at once, a fourth would take one of theirs.
    for (const _ of range(3)) pacer.take(BULK, "POST");
    expect(() => pacer.take(BULK, "POST")).toThrow(RateShareSpentError);
    for (const _ of range(3)) pacer.release();
    pacer.observe(BULK, window(50));
    const refused = (() => {
      try {
        pacer.take(BULK, "POST");
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).name).toBe("RateLimitedError");
    expect((refused as RateLimitedError).retryAfterMs).toBe(60_000);
    expect((refused as Error).message).toMatch(/50 of Port's 100 bulk upsert requests are left.*50% stays.*PORT_RATE_LIMIT_SHARE=50.*60 s/);
  });

  it("sends again once the window has reset, and reads a reset given as seconds to wait", () => {
    let now = NOW;
    const pacer = createPacer({ share: 1, now: () => now });
    pacer.take(BULK, "POST");
    pacer.observe(BULK, window(0, 100, "30"));
    pacer.release();
    expect(() => pacer.take(BULK, "POST")).toThrow(/in 30 s/);
    now += 30_000;
    expect(() => pacer.take(BULK, "POST")).not.toThrow();
  });

  it("keeps the lowest count of one window, since answers overtake each other", () => {
    const pacer = createPacer({ share: 1, now: () => NOW });
    pacer.observe(BULK, window(10));
    pacer.observe(BULK, window(12));
    expect(pacer.window(BULK)).toMatchObject({ remaining: 10, limit: 100 });
    // A later window replaces it.
    pacer.observe(BULK, window(99, 100, String(NOW / 1000 + 360)));
    expect(pacer.window(BULK)).toMatchObject({ remaining: 99 });
  });

  it("keeps a window per route and paces every request by the tightest, since routes may share a bucket", () => {
    const pacer = createPacer({ share: 1, now: () => NOW });
    pacer.observe(BULK, window(40));
    pacer.observe(SEARCH, window(2, 50));
    expect(pacer.window(BULK)).toMatchObject({ remaining: 40, limit: 100 });
    expect(pacer.window(SEARCH)).toMatchObject({ remaining: 2, limit: 50 });
    pacer.take(BULK, "POST");
    pacer.take("https://api.port.io/v1/blueprints", "GET");
    expect(() => pacer.take(BULK, "POST")).toThrow(/2 of Port's 50 search requests are left/);
  });

  it("ignores answers without the headers and refuses a share outside (0, 1]", () => {
    const pacer = createPacer({ share: 0.1, now: () => NOW });
    pacer.observe(BULK, new Headers({ "x-ratelimit-remaining": "0" }));
    expect(pacer.window(BULK)).toBeUndefined();
    expect(() => pacer.take(BULK, "POST")).not.toThrow();
    expect(() => createPacer({ share: 0 })).toThrow(RangeError);
    expect(() => createPacer({ share: 1.5 })).toThrow(RangeError);
  });
});

describe("PortWriter pacing against the fake Port", () => {
  it("stops before Port's limit with half of it left for other clients, and never meets a 429", async () => {
    const port = await newPort();
    await port.action("configure", { rateLimit: { limit: 40, periodSeconds: 300 } });
    const { writer, outbound } = writerFor(port, { rateLimitShare: 0.5, concurrency: 4 });
    const error = await writer.upsert(range(1000).map((i) => artifact(i)), upsertOptions).catch((e) => e);
    expect(error).toBeInstanceOf(RateShareSpentError);
    expect(error.retryAfterMs).toBeGreaterThan(250_000);
    const requests = await port.requests();
    expect(requests.map((r) => r.status)).not.toContain(429);
    // A token and bulks: at most the 20 of 40 that are ours, at least all but those in flight.
    expect(requests.length).toBeLessThanOrEqual(20);
    expect(requests.length).toBeGreaterThanOrEqual(20 - 4);
    expect(outbound.used).toBe(requests.length);
  });

  it("leaves other clients' use of the window alone: it takes only what keeps their part free", async () => {
    const port = await newPort();
    await port.action("configure", { rateLimit: { limit: 40, periodSeconds: 300 } });
    // Another client of the organisation has already used 15 of the 40.
    for (const _ of range(15)) await fetch(`${port.url}/v1/blueprints`);
    await port.clearRequests();
    const { writer } = writerFor(port, { rateLimitShare: 0.5, concurrency: 1 });
    const error = await writer.upsert(range(1000).map((i) => artifact(i)), upsertOptions).catch((e) => e);
    expect(error).toBeInstanceOf(RateShareSpentError);
    const ours = await port.requests();
    // 40 - 15 = 25 left, 20 stay for the others: a token and 4 bulks.
    expect(ours).toHaveLength(5);
    expect(ours.filter(isBulk)).toHaveLength(4);
  });

  it("pauses at once on a 429 whose headers say the window is spent, instead of waiting in the call", async () => {
    const port = await newPort();
    const reset = String(Math.ceil(Date.now() / 1000) + 240);
    await port.faults([
      { path: "/entities/bulk$", status: 429, headers: { "retry-after": "1", "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset } },
    ]);
    const { writer } = writerFor(port, { rateLimitShare: 1, concurrency: 1 });
    const error = await writer.upsert(range(5).map((i) => artifact(i)), upsertOptions).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterMs).toBeGreaterThan(200_000);
    expect(error.message).toMatch(/429, server asks to wait 2\d\d s/);
    expect((await port.requests()).filter(isBulk)).toHaveLength(1);
  });

  it("still retries a 429 that leaves room in the window, as before", async () => {
    const port = await newPort();
    await port.faults([{ path: "/entities/bulk$", status: 429, times: 1, headers: { "retry-after": "0.1" } }]);
    const { writer } = writerFor(port, { rateLimitShare: 0.5, concurrency: 1 });
    const result = await writer.upsert(range(5).map((i) => artifact(i)), upsertOptions);
    expect(result.written).toHaveLength(5);
    expect((await port.requests()).filter(isBulk).map((r) => r.status)).toEqual([429, 200]);
  });

  it("counts a paced refusal against nothing: the budget only pays for requests sent", async () => {
    const port = await newPort();
    await port.action("configure", { rateLimit: { limit: 10, periodSeconds: 300 } });
    const outbound = createOutbound(100);
    const { writer } = writerFor(port, { rateLimitShare: 0.5, concurrency: 2, outbound });
    await writer.upsert(range(200).map((i) => artifact(i)), upsertOptions).catch(() => undefined);
    expect(outbound.used).toBe((await port.requests()).length);
    expect(outbound.used).toBeLessThanOrEqual(5);
  });
});
