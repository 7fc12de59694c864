import type { Driver, TransactionOptions } from "unstorage";

/**
 * An unstorage driver that splits values too large for the driver underneath across several keys.
 * Deno KV refuses values over 64 KiB, and portside's sync state and tick segments outgrow that on
 * large registries. A large value becomes parts under `<key>:~part:<generation>:<n>` plus a manifest
 * at `<key>`; parts are written before the manifest, so a reader never follows a manifest to parts
 * that do not exist yet, and the parts of the value it replaced are removed after it.
 */
export interface ChunkedOptions {
  /** Largest value, in serialized bytes, stored under one key. Deno KV's limit is 65,536. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 60_000;
/** Never the start of a JSON document; values that start with it anyway are always stored chunked. */
const MARKER = "\u0000portside-chunked:";
const PART = "~part";
/** Parts outlive their manifest, so an expiring value vanishes as a whole instead of losing pieces. */
const PART_TTL_MARGIN_SECONDS = 60;
/** A reader that lost the race against a writer removing old parts reads the new manifest again. */
const READ_ATTEMPTS = 3;

interface Manifest {
  generation: string;
  parts: number;
  length: number;
}

const partKey = (key: string, generation: string, index: number) => `${key}:${PART}:${generation}:${index}`;
const isPartKey = (key: string) => key.split(":").includes(PART);

function manifestOf(value: unknown): Manifest | null {
  if (typeof value !== "string" || !value.startsWith(MARKER)) return null;
  return JSON.parse(value.slice(MARKER.length)) as Manifest;
}

/**
 * Deno KV stores strings with V8's serializer: one byte per code unit while every code unit fits in
 * Latin-1, two otherwise. Returns how many code units fit into `maxBytes`.
 */
function unitsPerPart(value: string, maxBytes: number): number {
  return /[^\u0000-\u00ff]/.test(value) ? Math.floor(maxBytes / 2) : maxBytes;
}

function split(value: string, units: number): string[] {
  const parts: string[] = [];
  for (let start = 0; start < value.length; ) {
    let end = Math.min(start + units, value.length);
    // Keep surrogate pairs whole, so every part is a well-formed string for any backend.
    const last = value.charCodeAt(end - 1);
    if (end < value.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(value.slice(start, end));
    start = end;
  }
  return parts;
}

function partOptions(opts: TransactionOptions = {}): TransactionOptions {
  return typeof opts.ttl === "number" && opts.ttl > 0 ? { ...opts, ttl: opts.ttl + PART_TTL_MARGIN_SECONDS } : opts;
}

export function chunkedDriver(inner: Driver, options: ChunkedOptions = {}): Driver {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const setInner = (key: string, value: string, opts?: TransactionOptions) => {
    if (!inner.setItem) throw new Error(`storage driver ${inner.name ?? "?"} is read-only`);
    return inner.setItem(key, value, opts ?? {});
  };
  const removeInner = async (key: string) => {
    await inner.removeItem?.(key, {});
  };
  const removeParts = (key: string, manifest: Manifest | null) =>
    manifest ? Promise.all(Array.from({ length: manifest.parts }, (_, i) => removeInner(partKey(key, manifest.generation, i)))) : undefined;

  async function readParts(key: string, manifest: Manifest): Promise<string | null> {
    const parts = await Promise.all(Array.from({ length: manifest.parts }, (_, i) => inner.getItem(partKey(key, manifest.generation, i))));
    if (parts.some((part) => typeof part !== "string")) return null;
    const value = parts.join("");
    return value.length === manifest.length ? value : null;
  }

  return {
    name: `chunked:${inner.name ?? "driver"}`,
    flags: inner.flags,
    getInstance: inner.getInstance,
    hasItem: (key, opts) => inner.hasItem(key, opts),
    async getItem(key, opts) {
      let found = await inner.getItem(key, opts);
      for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
        const manifest = manifestOf(found);
        if (!manifest) return found;
        const value = await readParts(key, manifest);
        if (value !== null) return value;
        found = await inner.getItem(key, opts);
        // Same manifest, parts still missing: left by a crashed write or expired. Absent, not corrupt.
        if (manifestOf(found)?.generation === manifest.generation) return null;
      }
      return null;
    },
    async setItem(key, value, opts) {
      const previous = manifestOf(await inner.getItem(key));
      const units = unitsPerPart(value, maxBytes);
      if (value.length <= units && !value.startsWith(MARKER)) {
        await setInner(key, value, opts);
      } else {
        const generation = crypto.randomUUID().slice(0, 8);
        const parts = split(value, units);
        await Promise.all(parts.map((part, i) => setInner(partKey(key, generation, i), part, partOptions(opts))));
        const manifest: Manifest = { generation, parts: parts.length, length: value.length };
        await setInner(key, MARKER + JSON.stringify(manifest), opts);
      }
      await removeParts(key, previous);
    },
    async removeItem(key) {
      const previous = manifestOf(await inner.getItem(key));
      await removeInner(key);
      await removeParts(key, previous);
    },
    async getKeys(base, opts) {
      return (await inner.getKeys(base, opts)).filter((key) => !isPartKey(key));
    },
    // Key by key: Deno KV's clear() is one atomic operation, refused above 1,000 mutations.
    async clear(base) {
      // unstorage passes no base when clearing everything.
      const prefix = (base ?? "").replace(/:+$/, "");
      // Some drivers (memory) list every key whatever the base.
      const within = (key: string) => !prefix || key === prefix || key.startsWith(`${prefix}:`);
      const keys = (await inner.getKeys(base, {})).filter(within);
      for (const key of keys) await removeInner(key);
    },
    dispose: inner.dispose,
  };
}
