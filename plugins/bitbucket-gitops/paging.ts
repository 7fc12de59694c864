import * as v from "valibot";
import { PageSchema } from "./schemas.ts";

/** Repositories and projects asked for per listing; Bitbucket may clamp it and says so in `limit`. */
export const LIST_LIMIT = 100;

export interface ListPage {
  values: unknown[];
  /** Where the next page starts, or null after the last one. */
  next: number | null;
}

/**
 * Follow `nextPageStart`, never `start + size`: offsets may skip hidden items. Only when a page
 * says it is not the last yet names no next start (BSERV-12725) is `start + size` the way on.
 */
export function readPage(data: unknown, start: number): ListPage {
  const page = v.parse(PageSchema, data);
  if (page.isLastPage) return { values: page.values, next: null };
  if (typeof page.nextPageStart === "number") return { values: page.values, next: page.nextPageStart };
  if (page.values.length === 0) throw new Error(`Bitbucket page at start ${start} is empty but not the last`);
  return { values: page.values, next: (page.start ?? start) + (page.size ?? page.values.length) };
}
