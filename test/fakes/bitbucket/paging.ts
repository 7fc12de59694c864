/**
 * Bitbucket's paged responses. `start` is an opaque offset into the server's own ordering, so
 * clients must follow `nextPageStart`; the switches reproduce quirks real clients have met.
 */
export interface PagingOptions {
  /** `nextPageStart: null` on last pages: of file pages only (real), of every page, or never. */
  nullNextPageStart?: "files" | "all" | "none";
  /** BSERV-12725: file pages say `isLastPage:false` without any `nextPageStart`. */
  bserv12725?: boolean;
  /** Offsets count hidden items too: item i sits at start 2·i, so `start+size` re-reads items. */
  gaps?: boolean;
}

export interface PageRequest {
  start: number;
  limit: number;
}

export function pageRequest(query: URLSearchParams, defaultLimit: number, maxLimit: number): PageRequest {
  const start = Math.max(0, Number.parseInt(query.get("start") ?? "0", 10) || 0);
  const asked = Number.parseInt(query.get("limit") ?? "", 10);
  // Over-cap limits are clamped silently; a zero/negative limit falls back to the default.
  const limit = Math.min(asked > 0 ? asked : defaultLimit, maxLimit);
  return { start, limit };
}

export interface Page<T> {
  size: number;
  limit: number;
  isLastPage: boolean;
  start: number;
  nextPageStart?: number | null;
  values: T[];
}

export function page<T>(all: readonly T[], req: PageRequest, opts: PagingOptions, kind: "generic" | "files"): Page<T> {
  const step = opts.gaps ? 2 : 1;
  const first = Math.ceil(req.start / step);
  const values = all.slice(first, first + req.limit);
  const isLastPage = first + values.length >= all.length;
  const out: Page<T> = { size: values.length, limit: req.limit, isLastPage, start: req.start, values };
  return withNext(out, (first + values.length) * step, opts, kind);
}

/** Add `nextPageStart` per the configured quirks (shared with the lines pages of /browse). */
export function withNext<P extends { isLastPage: boolean; nextPageStart?: number | null }>(
  p: P,
  next: number,
  opts: PagingOptions,
  kind: "generic" | "files",
): P {
  const mode = opts.nullNextPageStart ?? "files";
  if (!p.isLastPage) {
    if (!(opts.bserv12725 && kind === "files")) p.nextPageStart = next;
  } else if (mode === "all" || (mode === "files" && kind === "files")) {
    p.nextPageStart = null;
  }
  return p;
}
