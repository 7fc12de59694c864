import type { PageRecord, SegmentReader } from "./segments.ts";

/**
 * The identifiers a cycle produced for one kind, as a sorted array of 53-bit hashes: 8 bytes per
 * entity, so a million artifacts fit in 8 MB of a 128 MB isolate.
 */
export class ProducedSet {
  private constructor(private readonly sorted: Float64Array) {}

  static from(hashes: Iterable<number>): ProducedSet {
    const sorted = Float64Array.from(hashes).sort();
    return new ProducedSet(sorted);
  }

  get size(): number {
    return this.sorted.length;
  }

  /** Hashes present more than once, each once. */
  repeated(): number[] {
    const found: number[] = [];
    for (let i = 1; i < this.sorted.length; i++) {
      const value = this.sorted[i]!;
      if (value === this.sorted[i - 1] && found[found.length - 1] !== value) found.push(value);
    }
    return found;
  }

  has(hash: number): boolean {
    let lo = 0;
    let hi = this.sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = this.sorted[mid]!;
      if (value === hash) return true;
      if (value < hash) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/**
 * What a cycle produced for a kind: the pages of its segments and of the running tick (including
 * records carried over for failed scopes). A missing segment makes that unknowable: the reason comes
 * back instead, and nothing is deleted.
 */
export function producedFor(
  plugin: string,
  kind: string,
  segments: readonly string[],
  pending: readonly PageRecord[],
  read: SegmentReader,
): Promise<ProducedSet | string> {
  return collect(plugin, segments, pending, read, (page, hashes) => {
    if (page.kind === kind) for (const [ref] of page.h) hashes.push(ref);
  });
}

/** Every reference a cycle produced, of any kind: what portside has a record of writing. */
export function producedBy(plugin: string, segments: readonly string[], read: SegmentReader): Promise<ProducedSet | string> {
  return collect(plugin, segments, [], read, (page, hashes) => {
    for (const [ref] of page.h) hashes.push(ref);
  });
}

/** The relation targets (targetHash) every kind of the cycle points at; unknowable without every segment. */
export function referencedFor(
  plugin: string,
  segments: readonly string[],
  pending: readonly PageRecord[],
  read: SegmentReader,
): Promise<ProducedSet | string> {
  return collect(plugin, segments, pending, read, (page, hashes) => {
    for (const target of page.t ?? []) hashes.push(typeof target === "number" ? target : target[0]);
  });
}

async function collect(
  plugin: string,
  segments: readonly string[],
  pending: readonly PageRecord[],
  read: SegmentReader,
  take: (page: PageRecord, hashes: number[]) => void,
): Promise<ProducedSet | string> {
  const hashes: number[] = [];
  const add = (pages: readonly PageRecord[] | undefined) => {
    for (const page of pages ?? []) take(page, hashes);
  };
  for (const key of segments) {
    const segment = await read(key);
    if (!segment) return `segment ${key} of this cycle is missing (expired or removed)`;
    add(segment[plugin]?.pages);
  }
  add(pending);
  return ProducedSet.from(hashes);
}

/**
 * A scope this cycle could not read (a repository whose file failed) keeps what the last cycle
 * produced in it: those records are carried into this cycle, so a scope failing cycle after cycle
 * keeps its entities too. Returns the carried record, or why it cannot be built.
 */
export async function carryFailedScopes(
  plugin: string,
  kind: string,
  failedScopes: ReadonlySet<number>,
  previousSegments: readonly string[],
  read: SegmentReader,
): Promise<PageRecord | null | string> {
  const carried: PageRecord["h"] = [];
  const targets: NonNullable<PageRecord["t"]> = [];
  for (const key of previousSegments) {
    const segment = await read(key);
    if (!segment) return `segment ${key} of the last cycle is missing, so failed scopes cannot keep their entities`;
    for (const page of segment[plugin]?.pages ?? []) {
      if (page.kind !== kind) continue;
      for (const [ref, , scope] of page.h) if (scope !== undefined && failedScopes.has(scope)) carried.push([ref, 0, scope]);
      for (const target of page.t ?? []) if (typeof target !== "number" && failedScopes.has(target[1])) targets.push(target);
    }
  }
  if (carried.length === 0) return null;
  return { r: -1, k: -1, kind, h: carried, ...(targets.length > 0 && { t: targets }) };
}

export interface Declarations {
  /** Distinct scopes declaring the reference, in listing order. */
  scopes: number[];
  names: Map<number, string>;
}

/**
 * Which scopes declare each of `refs` in the given segments (this cycle's, or the last one's), with
 * the scopes' names. One more pass over the segments, made only when some reference repeats.
 */
export async function declarationsOf(
  plugin: string,
  kind: string,
  refs: ReadonlySet<number>,
  segments: readonly string[],
  pending: readonly PageRecord[],
  read: SegmentReader,
): Promise<Map<number, Declarations> | string> {
  const found = new Map<number, Declarations>();
  const add = (pages: readonly PageRecord[] | undefined) => {
    for (const page of pages ?? []) {
      if (page.kind !== kind) continue;
      for (const [ref, , scope] of page.h) {
        if (scope === undefined || !refs.has(ref)) continue;
        const entry: Declarations = found.get(ref) ?? { scopes: [], names: new Map() };
        found.set(ref, entry);
        if (!entry.scopes.includes(scope)) entry.scopes.push(scope);
        const name = page.s?.[scope];
        if (name) entry.names.set(scope, name);
      }
    }
  };
  for (const key of segments) {
    const segment = await read(key);
    if (!segment) return `segment ${key} is missing (expired or removed)`;
    add(segment[plugin]?.pages);
  }
  add(pending);
  return found;
}
