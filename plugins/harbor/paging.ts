/**
 * Keyset paging over Harbor's id columns: each page asks for `q=<id>=[after+1~]&sort=<id>`, so
 * items pushed or deleted while a resync is spread over many ticks never shift the pages still
 * to come (offset pages would skip an item per deletion, and a skipped item gets deleted).
 */

export const PAGE_SIZE = 100;

/** Harbor's `q`: comma-separated clauses; `[n~]` is an open range. */
export function keysetQuery(idColumn: string, after: number, pageSize: number, clauses: (string | undefined)[] = []): Record<string, string | number> {
  return {
    q: [`${idColumn}=[${after + 1}~]`, ...clauses.filter((c) => c !== undefined)].join(","),
    sort: idColumn,
    page: 1,
    page_size: pageSize,
  };
}

/** `Link: </api/v2.0/projects?page=1&page_size=10>; rel="prev" , <…>; rel="next"` */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/\s*,\s*(?=<)/)) {
    const m = /^<([^>]*)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Whether the listing goes on after this page of `pageSize`. Harbor says so with Link rel="next";
 * when a proxy stripped both paging headers a full page means "maybe", and keyset paging makes
 * asking again safe.
 */
export function hasMore(headers: Headers, listed: number, pageSize: number): boolean {
  if (nextLink(headers.get("link"))) return true;
  if (headers.has("link") || headers.has("x-total-count")) return false;
  return listed >= pageSize;
}

/** Harbor's fuzzy match (`=~`) cannot carry commas or spaces; such filters are applied locally only. */
export function fuzzyClause(column: string, value: string | undefined): string | undefined {
  return value !== undefined && /^[\w./-]+$/.test(value) ? `${column}=~${value}` : undefined;
}
