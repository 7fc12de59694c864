import type { StateStore } from "../state/store.ts";
import type { EntityRef } from "./catalog-writer.ts";

/**
 * What one tick learned about one page: for every entity it produced, the hash of its reference
 * and of the content last written. One KV value per tick holds all pages of that tick ("hashes per
 * chunk"), so writes stay constant however many pages a tick processes.
 */
export interface PageRecord {
  /** Resource index and page number within the resource in its cycle. */
  r: number;
  k: number;
  kind: string;
  /**
   * [refHash, contentHash, scopeHash?]; contentHash 0 when the write failed (so it is sent again
   * next cycle); scopeHash when the plugin names scopes (a repository), to keep a failed scope's entities.
   */
  h: ([number, number] | [number, number, number])[];
  /**
   * Hashes (targetHash) of the identifiers the page's entities name in their relations. Port may
   * have created those targets as placeholders (createMissingRelatedEntities), written by portside:
   * reconciliation never deletes an entity something produced still points at. [target, scopeHash]
   * when the plugin names scopes, so a failed scope keeps its entities' targets too.
   */
  t?: (number | [number, number])[];
  /** Scope hash → the scope as users know it (e.g. `PLAT/web: port.yaml`), for conflict reports. */
  s?: Record<string, string>;
}

export interface StaleRecord {
  kind: string;
  refs: EntityRef[];
}

/** One tick's segment: per plugin, the pages it processed and the stale entities it found. */
export type Segment = Record<string, { pages?: PageRecord[]; stale?: StaleRecord[] }>;

/** Segments outlive the next cycle (skip-unchanged reads them); expiry cleans up what is never removed. */
const SEGMENT_TTL_SECONDS = 30 * 24 * 3600;

export const segmentKey = (tickId: string) => `seg:${tickId}`;

export function writeSegment(store: StateStore, key: string, segment: Segment): Promise<void> {
  return store.set(key, segment, { ttlSeconds: SEGMENT_TTL_SECONDS });
}

/** Reads segments once per invocation; several pages of a tick often share one. */
export function segmentReader(store: StateStore) {
  const cache = new Map<string, Promise<Segment | null>>();
  return (key: string): Promise<Segment | null> => {
    let found = cache.get(key);
    if (!found) {
      found = store.get<Segment>(key);
      cache.set(key, found);
    }
    return found;
  };
}

export type SegmentReader = ReturnType<typeof segmentReader>;

/** Run-length index from a resource's page numbers to the segment holding each page. */
export type PageIndex = Record<string, [segment: string, first: number, last: number][]>;

export function indexPage(index: PageIndex, resource: number, page: number, segment: string): void {
  const runs = (index[resource] ??= []);
  const last = runs[runs.length - 1];
  if (last && last[0] === segment && last[2] === page - 1) last[2] = page;
  else runs.push([segment, page, page]);
}

export function findPage(index: PageIndex | undefined, resource: number, page: number): string | undefined {
  return index?.[resource]?.find(([, first, last]) => page >= first && page <= last)?.[0];
}
