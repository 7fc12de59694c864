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

export interface ProducedSources {
  plugin: string;
  kind: string;
  /** This cycle's segments, and the pages of the running tick not yet in one. */
  segments: readonly string[];
  pending: readonly PageRecord[];
  /** Scopes this cycle could not read, and the last cycle's segments that hold what they produced. */
  failedScopes: ReadonlySet<number>;
  previousSegments: readonly string[];
}

/**
 * What a cycle produced for a kind: its own pages, plus whatever the last cycle produced in the
 * scopes this cycle failed to read (a repository whose file could not be fetched keeps its entities).
 */
export async function producedFor(
  sources: ProducedSources,
  read: SegmentReader,
): Promise<{ produced: ProducedSet; carried: PageRecord | null }> {
  const { plugin, kind, failedScopes } = sources;
  const hashes: number[] = [];
  const carried: PageRecord["h"] = [];
  const add = (pages: readonly PageRecord[] | undefined, onlyFailedScopes: boolean) => {
    for (const page of pages ?? []) {
      if (page.kind !== kind) continue;
      for (const [ref, , scope] of page.h) {
        if (!onlyFailedScopes) hashes.push(ref);
        else if (scope !== undefined && failedScopes.has(scope)) {
          hashes.push(ref);
          carried.push([ref, 0, scope]);
        }
      }
    }
  };
  const load = async (key: string) => {
    const segment = await read(key);
    if (!segment) throw new Error(`segment ${key} is missing; reconciliation stops rather than guess`);
    return segment[plugin]?.pages;
  };
  for (const key of sources.segments) add(await load(key), false);
  add(sources.pending, false);
  if (failedScopes.size > 0) for (const key of sources.previousSegments) add(await load(key), true);
  // Carried into this cycle's segment, so a scope failing two cycles in a row still keeps its entities.
  const record = carried.length > 0 ? { r: -1, k: -1, kind, h: carried } : null;
  return { produced: ProducedSet.from(hashes), carried: record };
}
