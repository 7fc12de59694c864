/**
 * Paging as Harbor does it: go-swagger validates `page`/`page_size` (default 1/10, max 100 →
 * 422), the ORM skips LIMIT for a page size ≤ 0, and `BaseAPI.Links` builds a relative `Link`
 * header from the request path and a sorted, unescaped query (`src/server/v2.0/handler/base.go`).
 */
import { validation } from "./http.ts";

export interface Paging {
  page: number;
  pageSize: number;
}

/** strconv.ParseInt(s, 10, 64), as go-swagger binds int64 query parameters. */
function int64(name: string, raw: string, errors: string[]): number | undefined {
  if (!/^[+-]?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    errors.push(`${name} in query must be of type int64: "${raw}"`);
    return undefined;
  }
  return Number(raw);
}

export function parsePaging(query: URLSearchParams): Paging {
  const errors: string[] = [];
  const rawPage = query.get("page");
  const rawSize = query.get("page_size");
  const page = rawPage ? int64("page", rawPage, errors) : 1;
  const pageSize = rawSize ? int64("page_size", rawSize, errors) : 10;
  if (pageSize !== undefined && pageSize > 100) errors.push("page_size in query should be less than or equal to 100");
  if (errors.length) throw validation(errors);
  return { page: page!, pageSize: pageSize! };
}

export function pageOf<T>(items: T[], { page, pageSize }: Paging): T[] {
  if (pageSize <= 0) return items;
  const offset = page > 0 ? (page - 1) * pageSize : 0;
  return items.slice(offset, offset + pageSize);
}

function link(path: string, query: URLSearchParams, page: number, pageSize: number): string {
  const pairs = [...query].filter(([k]) => k !== "page" && k !== "page_size");
  pairs.push(["page", String(page)], ["page_size", String(pageSize)]);
  // url.Values.Encode sorts by key (stable within a key); Harbor then unescapes the result.
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `<${path}?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}>`;
}

/** `X-Total-Count` always; `Link` only when there is a previous or next page. */
export function pageHeaders(url: URL, total: number, { page, pageSize }: Paging): Record<string, string> {
  const headers: Record<string, string> = { "x-total-count": String(total) };
  if (pageSize === 0) return headers;
  const links: string[] = [];
  if (page > 1 && (page - 1) * pageSize < total) links.push(`${link(url.pathname, url.searchParams, page - 1, pageSize)}; rel="prev"`);
  if (pageSize * page < total) links.push(`${link(url.pathname, url.searchParams, page + 1, pageSize)}; rel="next"`);
  if (links.length) headers.link = links.join(" , ");
  return headers;
}
