import type { Json, Page } from "../plugin.ts";

/**
 * The pages after the current one, listed ahead (up to two) and prepared (mapped, compared with the
 * last cycle, checked for foreign entities) one after the other, so a tick waits for the source and
 * for Port at the same time instead of one after the other: while a page is written, the next is
 * prepared and the one after it listed. All of it only reads: when the tick does not go on to those
 * pages (a page's writes stopped, the kind failed, the tick ended) they are dropped, and each is
 * listed again when it is reached, as without prefetching.
 */
export interface Prefetch<T> {
  /**
   * Lists `cursor` of resource `index` ahead, unless it already is, and keeps listing the page after
   * the last one listed, up to two ahead, while `further` (given how many are ahead) allows.
   */
  start(index: number, cursor: Json, list: (cursor: Json) => Promise<Page>, further: (ahead: number) => boolean): void;
  /** Prepares the page listed ahead at `cursor`, as page number `page` of its resource. */
  prepare(index: number, cursor: Json, page: number, prepare: (listed: Page) => Promise<T>): void;
  /**
   * The step at `cursor`, page number `page`, of resource `index`: the listing (and preparation)
   * made ahead if they are that page's, else a new listing.
   */
  take(index: number, cursor: Json, page: number, list: () => Promise<Page>): { page: Promise<Page>; prepared?: Promise<T> };
  /** Waits for work still in flight, so nothing of the tick outlives it. */
  settle(): Promise<void>;
}

/** Pages listed ahead at most: one prepared while the current is written, one listed meanwhile. */
const DEPTH = 2;

const keyOf = (index: number, cursor: Json) => `${index}:${JSON.stringify(cursor ?? null)}`;

interface Ahead<T> {
  key: string;
  page: Promise<Page>;
  listed?: Page;
  prepared?: { number: number; result: Promise<T> };
}

export function createPrefetch<T>(): Prefetch<T> {
  let queue: Ahead<T>[] = [];
  let more: { index: number; list: (cursor: Json) => Promise<Page>; further: (ahead: number) => boolean } | undefined;
  const inFlight = new Set<Promise<unknown>>();
  // A failure belongs to the step that takes the work; work no step takes must not be an unhandled rejection.
  const track = (work: Promise<unknown>) => {
    const settled = work.catch(() => {}).finally(() => inFlight.delete(settled));
    inFlight.add(settled);
  };
  const enqueue = (index: number, cursor: Json, list: (cursor: Json) => Promise<Page>) => {
    const entry: Ahead<T> = { key: keyOf(index, cursor), page: list(cursor) };
    track(entry.page);
    queue.push(entry);
    entry.page.then((listed) => {
      entry.listed = listed;
      refill();
    }, () => {});
  };
  /** Lists the page after the last one listed, while there is room ahead and the tick allows it. */
  const refill = () => {
    const last = queue.at(-1);
    const next = last?.listed?.next;
    if (!more || !last || next == null || queue.length >= DEPTH || !more.further(queue.length)) return;
    enqueue(more.index, next, more.list);
  };

  return {
    start(index, cursor, list, further) {
      more = { index, list, further };
      if (queue.some((a) => a.key === keyOf(index, cursor))) return;
      if (queue.length < DEPTH && further(queue.length)) enqueue(index, cursor, list);
    },
    prepare(index, cursor, number, prepare) {
      const entry = queue.find((a) => a.key === keyOf(index, cursor));
      if (!entry || entry.prepared) return;
      const result = entry.page.then(prepare);
      track(result);
      entry.prepared = { number, result };
    },
    take(index, cursor, number, list) {
      const found = queue[0];
      if (found?.key !== keyOf(index, cursor)) {
        // The cycle went somewhere else: what was listed ahead is not its next pages.
        queue = [];
        more = undefined;
        return { page: list() };
      }
      queue.shift();
      refill();
      return { page: found.page, prepared: found.prepared?.number === number ? found.prepared.result : undefined };
    },
    async settle() {
      more = undefined;
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}

/** What a page may cost: its listing, the search for foreign entities, a bulk per 20 entities and a token renewal. */
const pageCost = (items: number) => 3 + Math.ceil(items / 20);

/**
 * Whether to list or prepare `pages` pages ahead: only while the tick still has the time, the CPU
 * estimate for those pages and the current one, and the budget for the current page's `writes`,
 * those pages and the next whole step, so work done ahead is almost always used and never takes a
 * request the current page's writes need. A page is costed as the tick's last step (which includes
 * what it did ahead), so not before the tick's first step has shown what a page of this source
 * costs: one listing may take many requests.
 */
export function listsAhead(
  run: {
    remaining(): number;
    now(): number;
    deadline: number;
    pageLimit: number;
    lastPageCost?: number;
    cpu: { stepsFit(steps: number, items?: number): boolean };
  },
  writes: number,
  pages: number,
): boolean {
  if (!run.lastPageCost) return false;
  const page = Math.max(pageCost(run.pageLimit), run.lastPageCost);
  // The current page is not charged yet: it and the pages ahead must all fit the CPU estimate.
  return run.now() < run.deadline && run.remaining() >= writes + (pages + 1) * page && run.cpu.stepsFit(pages + 1, run.pageLimit);
}
