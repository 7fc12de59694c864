import { prefixStorage, type Storage } from "unstorage";

/**
 * Typed access to portside's state, counting writes: free Workers KV allows 1,000 a day, so every
 * write is deliberate and shows up in /status.
 */
export interface StateStore {
  get<T>(key: string): Promise<T | null>;
  set(key: string, value: unknown, options?: { ttlSeconds?: number }): Promise<void>;
  remove(key: string): Promise<void>;
  /** The keys under `prefix` (a key of its own, e.g. "webhook-dead-letter" lists "webhook-dead-letter:<id>"), sorted. */
  keys(prefix: string): Promise<string[]>;
  readonly writes: number;
}

export function createStateStore(storage: Storage, instance: string): StateStore {
  const scoped = prefixStorage(storage, `portside:${instance}`);
  let writes = 0;
  return {
    async get<T>(key: string) {
      return ((await scoped.getItem(key)) as T | null) ?? null;
    },
    async set(key, value, options) {
      writes++;
      // unstorage's cloudflare driver maps `ttl` to expirationTtl (KV's minimum is 60 s).
      await scoped.setItem(key, value as never, options?.ttlSeconds ? { ttl: Math.max(60, options.ttlSeconds) } : {});
    },
    async remove(key) {
      await scoped.removeItem(key);
    },
    async keys(prefix) {
      // Drivers list on key segments: "a" lists "a:b" but neither "ab" nor "a" itself.
      return (await scoped.getKeys(prefix)).filter((k) => k.startsWith(`${prefix}:`)).sort();
    },
    get writes() {
      return writes;
    },
  };
}
