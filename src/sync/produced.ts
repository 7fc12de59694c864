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
export async function producedFor(
  plugin: string,
  kind: string,
  segments: readonly string[],
  pending: readonly PageRecord[],
  read: SegmentReader,
): Promise<ProducedSet | string> {
  const hashes: number[] = [];
  const add = (pages: readonly PageRecord[] | undefined) => {
    for (const page of pages ?? []) if (page.kind === kind) for (const [ref] of page.h) hashes.push(ref);
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
  for (const key of previousSegments) {
    const segment = await read(key);
    if (!segment) return `segment ${key} of the last cycle is missing, so failed scopes cannot keep their entities`;
    for (const page of segment[plugin]?.pages ?? []) {
      if (page.kind !== kind) continue;
      for (const [ref, , scope] of page.h) if (scope !== undefined && failedScopes.has(scope)) carried.push([ref, 0, scope]);
    }
  }
  return carried.length > 0 ? { r: -1, k: -1, kind, h: carried } : null;
}
