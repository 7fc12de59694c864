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

/** Collect what the cycle's segments (and the pages of the running tick) produced for a kind. */
export async function producedFor(
  plugin: string,
  kind: string,
  segments: readonly string[],
  read: SegmentReader,
  pending: readonly PageRecord[],
): Promise<ProducedSet> {
  const hashes: number[] = [];
  const add = (pages: readonly PageRecord[] | undefined) => {
    for (const page of pages ?? []) if (page.kind === kind) for (const [ref] of page.h) hashes.push(ref);
  };
  for (const key of segments) {
    const segment = await read(key);
    if (!segment) throw new Error(`segment ${key} of this cycle is missing; reconciliation stops rather than guess`);
    add(segment[plugin]?.pages);
  }
  add(pending);
  return ProducedSet.from(hashes);
}
