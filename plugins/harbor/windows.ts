import type { KeysetPage } from "./listing.ts";

/**
 * A listing walked item by item (projects, a project's repositories), read in keyset windows of a
 * page and kept in the tick's cache: stepping to the next item costs a request per hundred items
 * rather than one per item.
 */
interface Windows<T> {
  /** The walk read every item after this id... */
  from: number;
  /** ...up to this one, */
  to: number;
  /** ...and there may be more beyond it. */
  more: boolean;
  items: T[];
}

export interface WindowedListing<T> {
  /** Cache key of the windows, e.g. the kind and its filter. */
  key: string;
  read(after: number): Promise<KeysetPage<T>>;
  id(item: T): number;
  accept(item: T): boolean;
}

/** The first accepted item with an id above `after`, or undefined when there is none. */
export async function firstAfter<T>(cache: Map<string, unknown>, listing: WindowedListing<T>, after: number): Promise<T | undefined> {
  let windows = cache.get(listing.key) as Windows<T> | undefined;
  if (!windows || after < windows.from) {
    windows = { from: after, to: after, more: true, items: [] };
    cache.set(listing.key, windows);
  }
  for (;;) {
    const found = windows.items.find((item) => listing.id(item) > after && listing.accept(item));
    if (found) return found;
    if (!windows.more) return undefined;
    const page = await listing.read(windows.to);
    windows.items.push(...page.items);
    windows.to = page.lastId;
    windows.more = page.more;
  }
}
