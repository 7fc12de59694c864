import { createStorage, type Driver } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { describe, expect, it } from "vitest";
import { chunkedDriver } from "../../src/state/chunked.ts";

const DENO_KV_VALUE_LIMIT = 65_536;
const DENO_KV_ATOMIC_MUTATIONS = 1_000;

/** V8's serializer: one byte per code unit for Latin-1 strings, two otherwise (as Deno KV counts). */
const v8Bytes = (value: string) => (/[^\u0000-\u00ff]/.test(value) ? 2 * value.length : value.length);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Op {
  op: "set" | "remove" | "get";
  key: string;
  ttl?: number;
}

/** An in-memory driver with Deno KV's limits, logging every operation. */
function denoLike(hooks: { onGet?: (key: string) => Promise<void> | void } = {}) {
  const memory = memoryDriver();
  const ops: Op[] = [];
  const driver: Driver = {
    ...memory,
    name: "deno-like",
    async getItem(key) {
      ops.push({ op: "get", key });
      await hooks.onGet?.(key);
      return memory.getItem(key, {});
    },
    setItem(key, value, opts) {
      if (v8Bytes(value) > DENO_KV_VALUE_LIMIT) throw new TypeError("Value too large (max 65536 bytes)");
      ops.push({ op: "set", key, ttl: opts?.ttl });
      return memory.setItem!(key, value, {});
    },
    removeItem(key) {
      ops.push({ op: "remove", key });
      return memory.removeItem!(key, {});
    },
    async clear(base) {
      const keys = await memory.getKeys(base, {});
      if (keys.length > DENO_KV_ATOMIC_MUTATIONS) throw new TypeError("Too many mutations (max 1000)");
      return memory.clear!(base, {});
    },
  };
  const raw = async () => Object.fromEntries(await Promise.all((await memory.getKeys("", {})).map(async (k) => [k, await memory.getItem(k, {})])));
  return { driver, ops, raw };
}

function bigState(entries: number) {
  return { version: 1, pages: Array.from({ length: entries }, (_, i) => ({ r: i % 4, k: i, h: [[i * 7919, i * 104729]] })) };
}

describe("chunked storage over a driver with Deno KV's limits", () => {
  it("keeps a small value under its own key, without parts", async () => {
    const { driver, raw } = denoLike();
    const storage = createStorage({ driver: chunkedDriver(driver) });
    await storage.setItem("portside:default:lease", { tick: "t1", until: 5 });
    expect(await storage.getItem("portside:default:lease")).toEqual({ tick: "t1", until: 5 });
    expect(Object.keys(await raw())).toEqual(["portside:default:lease"]);
  });

  it("splits a 300 KB value into parts within the limit, writing every part before the manifest", async () => {
    const { driver, ops, raw } = denoLike();
    const storage = createStorage({ driver: chunkedDriver(driver) });
    const state = bigState(8_000);
    expect(JSON.stringify(state).length).toBeGreaterThan(300_000);

    await storage.setItem("portside:default:sync", state);
    expect(await storage.getItem("portside:default:sync")).toEqual(state);

    const sets = ops.filter((o) => o.op === "set").map((o) => o.key);
    expect(sets.length).toBeGreaterThan(5);
    expect(sets.at(-1)).toBe("portside:default:sync");
    expect(sets.slice(0, -1).every((k) => /^portside:default:sync:~part:[0-9a-f]{8}:\d+$/.test(k))).toBe(true);
    const stored = await raw();
    expect(Object.values(stored).every((v) => v8Bytes(v as string) <= DENO_KV_VALUE_LIMIT)).toBe(true);
  });

  it("removes the parts of the value it replaced, and all parts when the value becomes small or is removed", async () => {
    const { driver, raw } = denoLike();
    const storage = createStorage({ driver: chunkedDriver(driver) });
    const partsOf = async () => Object.keys(await raw()).filter((k) => k.includes("~part"));

    await storage.setItem("sync", bigState(8_000));
    const first = await partsOf();
    await storage.setItem("sync", bigState(4_000));
    const second = await partsOf();
    expect(second.length).toBeGreaterThan(0);
    expect(second.length).toBeLessThan(first.length);
    expect(second.some((k) => first.includes(k))).toBe(false);
    expect(await storage.getItem("sync")).toEqual(bigState(4_000));

    await storage.setItem("sync", { version: 1 });
    expect(await partsOf()).toEqual([]);
    expect(await storage.getItem("sync")).toEqual({ version: 1 });

    await storage.setItem("seg:t1", bigState(3_000));
    await storage.removeItem("seg:t1");
    expect(await raw()).toEqual({ sync: JSON.stringify({ version: 1 }) });
    expect(await storage.getItem("seg:t1")).toBeNull();
  });

  it("counts two bytes per code unit beyond Latin-1 and never splits a surrogate pair", async () => {
    const { driver, raw } = denoLike();
    const storage = createStorage({ driver: chunkedDriver(driver, { maxBytes: 1_002 }) });
    const text = "tëst 🚢 δοκιμή ".repeat(400);
    await storage.setItem("names", { text });
    expect(await storage.getItem("names")).toEqual({ text });
    const parts = Object.entries(await raw()).filter(([k]) => k.includes("~part"));
    expect(parts.length).toBeGreaterThan(10);
    for (const [, part] of parts) {
      expect(v8Bytes(part as string)).toBeLessThanOrEqual(1_002);
      expect(part as string).not.toMatch(LONE_SURROGATE);
    }
  });

  it("stores a small string that looks like a manifest as a real value", async () => {
    const { driver } = denoLike();
    const storage = createStorage({ driver: chunkedDriver(driver) });
    const tricky = '\u0000portside-chunked:{"generation":"x","parts":9,"length":1}';
    await storage.setItem("tricky", tricky);
    expect(await storage.getItem("tricky")).toBe(tricky);
  });

  it("gives parts the value's TTL plus a margin, so the manifest always expires first", async () => {
    const { driver, ops } = denoLike();
    const storage = createStorage({ driver: chunkedDriver(driver) });
    await storage.setItem("seg:t2", bigState(3_000), { ttl: 3_600 });
    const sets = ops.filter((o) => o.op === "set");
    expect(sets.at(-1)).toMatchObject({ key: "seg:t2", ttl: 3_600 });
    expect(sets.slice(0, -1).every((o) => o.ttl === 3_660)).toBe(true);
  });

  it("lists keys without parts and clears more than 1,000 keys one by one", async () => {
    const { driver, raw } = denoLike();
    const chunked = chunkedDriver(driver);
    const storage = createStorage({ driver: chunked });
    await storage.setItem("a:sync", bigState(3_000));
    await Promise.all(Array.from({ length: 1_200 }, (_, i) => storage.setItem(`a:seg:${i}`, { i })));
    await storage.setItem("b:keep", 1);

    const keys = await storage.getKeys("a");
    expect(keys).toHaveLength(1_201);
    expect(keys.some((k) => k.includes("~part"))).toBe(false);

    // Through the driver: unstorage's clear(base) skips a root-mounted driver (unjs/unstorage#801).
    await chunked.clear!("a", {});
    expect(Object.keys(await raw())).toEqual(["b:keep"]);
    await storage.clear();
    expect(await raw()).toEqual({});
  });

  it("reads the new value when a writer replaces the parts it was reading", async () => {
    let writer: (() => Promise<void>) | undefined;
    const { driver } = denoLike({
      async onGet(key) {
        if (!key.includes("~part") || !writer) return;
        const write = writer;
        writer = undefined;
        await write();
      },
    });
    const chunked = chunkedDriver(driver);
    const storage = createStorage({ driver: chunked });
    await storage.setItem("sync", bigState(3_000));
    writer = () => storage.setItem("sync", bigState(5_000));
    expect(await storage.getItem("sync")).toEqual(bigState(5_000));
  });

  it("treats a manifest whose parts are gone as absent, not as a broken value", async () => {
    const { driver, raw } = denoLike();
    const storage = createStorage({ driver: chunkedDriver(driver) });
    await storage.setItem("sync", bigState(3_000));
    const part = Object.keys(await raw()).find((k) => k.endsWith(":1"))!;
    await driver.removeItem!(part, {});
    expect(await storage.getItem("sync")).toBeNull();
  });
});
