import type { Json, Page } from "../plugin.ts";

/**
 * The next page's listing, sent while the current page is mapped and written, so a tick waits for
 * the source and for Port at the same time instead of one after the other. A listing only reads:
 * when the tick does not go on to that page (its writes stopped, the kind failed, the tick ended)
 * the listing is dropped and that page is listed again when it is reached, as without prefetching.
 */
export interface Prefetch {
  /** Starts listing `cursor` of resource `index` for the next step. */
  start(index: number, cursor: Json, list: () => Promise<Page>): void;
  /** The page at `cursor` of resource `index`: the listing started ahead if it is that one, else a new listing. */
  take(index: number, cursor: Json, list: () => Promise<Page>): Promise<Page>;
  /** Waits for a listing still in flight, so nothing of the tick outlives it. */
  settle(): Promise<void>;
}

const keyOf = (index: number, cursor: Json) => `${index}:${JSON.stringify(cursor ?? null)}`;

export function createPrefetch(): Prefetch {
  let ahead: { key: string; page: Promise<Page> } | undefined;
  const inFlight = new Set<Promise<unknown>>();

  return {
    start(index, cursor, list) {
      const page = list();
      // Its failure belongs to the step that takes it; a listing no step takes must not be an unhandled rejection.
      const settled = page.catch(() => {}).finally(() => inFlight.delete(settled));
      inFlight.add(settled);
      ahead = { key: keyOf(index, cursor), page };
    },
    take(index, cursor, list) {
      const found = ahead;
      ahead = undefined;
      return found?.key === keyOf(index, cursor) ? found.page : list();
    },
    async settle() {
      await Promise.all(inFlight);
    },
  };
}

/** What a page may still cost: its listing, the search for foreign entities, a bulk per 20 entities and a token renewal. */
const pageCost = (items: number) => 3 + Math.ceil(items / 20);

/**
 * Whether to list the next page now: only while the current page's writes and the whole next step
 * still fit the tick, so a listing started ahead is almost always used.
 */
export function listsAhead(run: { remaining(): number; now(): number; deadline: number; plugin: { pageSize: number } }, listed: number): boolean {
  return run.now() < run.deadline && run.remaining() >= pageCost(listed) - 1 + pageCost(run.plugin.pageSize);
}
