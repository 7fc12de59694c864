import { fromBase64Url, toBase64Url } from "./encoding.ts";
import { invalidRequest } from "./http.ts";
import type { Entity } from "./store.ts";

/**
 * Opaque page cursors: the position after the last entity returned (blueprint, identifier), so pages
 * stay consistent when entities are written between requests.
 */
export function encodeCursor(last: Entity): string {
  return toBase64Url(JSON.stringify([last.blueprint, last.identifier]));
}

export function afterCursor(cursor: string | undefined): (e: Entity) => boolean {
  if (cursor === undefined) return () => true;
  let blueprint: string, identifier: string;
  try {
    [blueprint, identifier] = JSON.parse(fromBase64Url(cursor)) as [string, string];
  } catch {
    throw invalidRequest("body/from is not a valid cursor");
  }
  return (e) => e.blueprint > blueprint || (e.blueprint === blueprint && e.identifier > identifier);
}

/** One page of already sorted entities, and the cursor to the next one when there is more. */
export function page(sorted: Entity[], from: string | undefined, limit: number) {
  const after = afterCursor(from);
  const rest = sorted.filter(after);
  const items = rest.slice(0, limit);
  const next = rest.length > limit ? encodeCursor(items[items.length - 1]!) : undefined;
  return { items, next };
}
