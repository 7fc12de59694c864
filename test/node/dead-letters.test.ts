import { createStorage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { plugins } from "../../plugins/registry.ts";
import { consume } from "../../src/queue/consumer.ts";
import { EVENT_SHOWN_BYTES, MAX_DEAD_LETTERS, readDeadLetters, recordDeadLetter, type DeadLetter } from "../../src/queue/dead-letters.ts";
import type { QueueMessage, WorkQueue } from "../../src/queue/messages.ts";
import { deadLetter, replayDeadLetters } from "../../src/queue/webhooks.ts";
import { createRuntime, type Runtime } from "../../src/runtime/context.ts";
import { syncKeys } from "../../src/sync/state.ts";

/** The dead letters' store and replay, on unstorage's memory driver with a queue that records its sends. */

const HARBOR = { HARBOR_URL: "http://127.0.0.1:9", HARBOR_USERNAME: "admin", HARBOR_PASSWORD: "x", HARBOR_WEBHOOK_SECRET: "hook-secret-xyz" };

let now: number;
let sent: QueueMessage[][];
let failBatch: number | null;
let duringSend: (() => Promise<void>) | null;

function runtime(queue = true): Runtime {
  const storage = createStorage({ driver: memoryDriver() });
  const fake: WorkQueue = {
    send: async (m) => void sent.push([m]),
    sendBatch: async (messages) => {
      await duringSend?.();
      if (sent.length === failBatch) throw new Error("queue unavailable");
      sent.push(messages);
    },
  };
  return createRuntime({ ...HARBOR, PORTSIDE_INSTANCE: `dl-${crypto.randomUUID()}` }, plugins, {
    storage: () => storage,
    now: () => now,
    ...(queue && { queue: () => fake }),
  });
}

const letter = (i: number, over: Partial<DeadLetter> = {}): Omit<DeadLetter, "id"> => ({
  plugin: "harbor",
  message: `PUSH_ARTIFACT app@${i}`,
  key: `key-${i}`,
  event: { type: "PUSH_ARTIFACT", project: "p", repository: "p/app", digests: [`sha256:${i}`], key: `key-${i}` },
  acceptedAt: new Date(now).toISOString(),
  failedAt: new Date(now + i).toISOString(),
  attempts: 6,
  error: `Port answered 503 (${i})`,
  ...over,
});

const message = (i: number, instance: string) => ({
  type: "webhook" as const,
  instance,
  plugin: "harbor",
  message: `PUSH_ARTIFACT app@${i}`,
  key: `key-${i}`,
  event: letter(i).event,
  acceptedAt: new Date(now).toISOString(),
});

beforeEach(() => {
  now = Date.parse("2026-12-01T10:00:00Z");
  sent = [];
  failBatch = null;
  duringSend = null;
  for (const level of ["log", "warn", "error"] as const) vi.spyOn(console, level).mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe("dead letters", () => {
  it("/status shows the count, the last error and the newest 20 as summaries, an event only when small", async () => {
    const rt = runtime();
    for (let i = 0; i < 25; i++) await recordDeadLetter(rt.state, letter(i));
    await recordDeadLetter(rt.state, letter(25, { event: { big: "x".repeat(EVENT_SHOWN_BYTES) } }));
    const shown = await readDeadLetters(rt.state);
    expect(shown).toMatchObject({ count: 26, lastError: "Port answered 503 (25)", dropped: 0 });
    expect(shown.events.map((e) => e.message)).toEqual(Array.from({ length: 20 }, (_, i) => `PUSH_ARTIFACT app@${25 - i}`));
    expect(shown.events[0]).not.toHaveProperty("event");
    expect(shown.events[0]!.eventBytes).toBeGreaterThan(EVENT_SHOWN_BYTES);
    expect(shown.events[1]).toMatchObject({ plugin: "harbor", attempts: 6, event: letter(24).event });
  });

  it("a duplicate delivery of the same event replaces its letter", async () => {
    const rt = runtime();
    await recordDeadLetter(rt.state, letter(1));
    await recordDeadLetter(rt.state, letter(2));
    await recordDeadLetter(rt.state, letter(1, { failedAt: new Date(now + 10).toISOString(), error: "again" }));
    const shown = await readDeadLetters(rt.state);
    expect(shown.count).toBe(2);
    expect(shown.events.map((e) => e.error)).toEqual(["again", "Port answered 503 (2)"]);
  });

  it(`past ${MAX_DEAD_LETTERS} a letter is dropped, counted, and its event handed to the plugin's next resync`, async () => {
    const rt = runtime();
    for (let i = 0; i < MAX_DEAD_LETTERS; i++) await recordDeadLetter(rt.state, letter(i));
    expect(await rt.state.get(syncKeys.followUp("harbor"))).toBeNull();
    await deadLetter(rt, message(MAX_DEAD_LETTERS, rt.options.instance), 6, "Port answered 503");
    const shown = await readDeadLetters(rt.state);
    expect(shown).toMatchObject({ count: MAX_DEAD_LETTERS, dropped: 1 });
    expect(shown.events[0]!.message).toBe(`PUSH_ARTIFACT app@${MAX_DEAD_LETTERS - 1}`);
    expect(await rt.state.get(syncKeys.followUp("harbor"))).toBe(new Date(now).toISOString());
  });

  it("a webhook message of another deployment is kept as a dead letter, not dropped", async () => {
    const rt = runtime();
    expect(await consume(rt, message(7, "someone-else"), 1)).toEqual({ done: true });
    const shown = await readDeadLetters(rt.state);
    expect(shown.count).toBe(1);
    expect(shown.events[0]).toMatchObject({ message: "PUSH_ARTIFACT app@7", error: expect.stringContaining('deployment "someone-else"') });
    expect(await consume(rt, { type: "tick", instance: "someone-else", reason: "continuation" }, 1)).toEqual({ done: true });
    expect((await readDeadLetters(rt.state)).count).toBe(1);
  });
});

describe("replay", () => {
  it("sends in batches of 100 and removes only the letters sent; a letter recorded meanwhile stays", async () => {
    const rt = runtime();
    for (let i = 0; i < 180; i++) await recordDeadLetter(rt.state, letter(i));
    // The consumer, in another isolate, records a new letter while the replay is under way.
    duringSend = async () => {
      duringSend = null;
      await recordDeadLetter(rt.state, letter(1000));
    };
    failBatch = 1;
    const replay = await replayDeadLetters(rt, () => {});
    expect(replay).toEqual({ replayed: 100, left: 80, error: "queue unavailable" });
    expect(sent.map((b) => b.length)).toEqual([100]);
    expect(sent.flat().map((m) => m.type === "webhook" && m.key)).toEqual(Array.from({ length: 100 }, (_, i) => `key-${i}`));
    const left = await readDeadLetters(rt.state);
    expect(left.count).toBe(81);
    expect(left.events[0]!.message).toBe("PUSH_ARTIFACT app@1000");

    failBatch = null;
    sent = [];
    expect(await replayDeadLetters(rt, () => {})).toEqual({ replayed: 81, left: 0 });
    expect(sent.map((b) => b.length)).toEqual([81]);
    expect((await readDeadLetters(rt.state)).count).toBe(0);
  });

  it("without a queue applies the letters one at a time after the response, removing each", async () => {
    const rt = runtime(false);
    // A plugin this deployment does not run: each attempt fails at once.
    for (let i = 0; i < 3; i++) await recordDeadLetter(rt.state, letter(i, { plugin: "retired" }));
    const deferred: Promise<unknown>[] = [];
    expect(await replayDeadLetters(rt, (work) => deferred.push(work))).toEqual({ replayed: 3, left: 0 });
    expect(deferred).toHaveLength(1);
    await deferred[0];
    // Each failed again: a fresh letter each, none left twice.
    const shown = await readDeadLetters(rt.state);
    expect(shown.count).toBe(3);
    expect(shown.events.map((e) => e.message).sort()).toEqual([0, 1, 2].map((i) => `PUSH_ARTIFACT app@${i}`));
    expect(shown.events[0]!.error).toBe("plugin retired is not configured");
    expect(JSON.stringify(shown)).not.toContain(HARBOR.HARBOR_WEBHOOK_SECRET);
  });
});
