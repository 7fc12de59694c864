import * as v from "valibot";
import type { HttpRequest } from "../../src/runtime/http.ts";
import type { HarborClient } from "./client.ts";
import { keysetQuery, PAGE_SIZE } from "./paging.ts";
import { rawItem } from "./schemas.ts";

export interface KeysetPage<T> {
  items: T[];
  /** Id of the last item Harbor returned (before any local filtering); where the next page starts. */
  lastId: number;
  more: boolean;
}

export interface KeysetRequest<T> {
  path: string;
  idColumn: string;
  after: number;
  schema: v.GenericSchema<unknown, T>;
  id(item: T): number;
  /** Extra `q` clauses, e.g. `tags=latest`. */
  clauses?: (string | undefined)[];
  /** Items per page: the lister's `limit` for a kind's items; PAGE_SIZE for lookups. */
  pageSize?: number;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
}

/**
 * Harbor ignores `q` keys and `sort` fields it does not know, silently, and so may a proxy or an
 * older release: page 1 would come back for every cursor and the kind would never finish, or items
 * out of order would move the cursor past ones not yet seen. Either fails the kind instead.
 */
function checkKeyset(req: KeysetRequest<unknown>, request: HttpRequest, ids: number[]): void {
  const behind = ids.find((id) => id <= req.after);
  if (behind !== undefined) {
    throw new Error(
      `Harbor ignored the keyset filter q=${String(request.query?.q)} on GET ${req.path}: it returned ${req.idColumn} ${behind}, not above ${req.after}; ` +
        "listing on would repeat the same page forever (is a proxy dropping query parameters, or is this Harbor too old?)",
    );
  }
  const unordered = ids.findIndex((id, i) => i > 0 && id <= ids[i - 1]!);
  if (unordered > 0) {
    throw new Error(
      `Harbor ignored sort=${req.idColumn} on GET ${req.path}: ${req.idColumn} ${ids[unordered]} came after ${ids[unordered - 1]}; ` +
        "paging on would skip items (is a proxy dropping query parameters, or is this Harbor too old?)",
    );
  }
}

/** One page of a listing, validated item by item, and checked to be the keyset page asked for. */
export async function listKeyset<T>(client: HarborClient, req: KeysetRequest<T>): Promise<KeysetPage<T>> {
  const request: HttpRequest = {
    query: { ...req.query, ...keysetQuery(req.idColumn, req.after, req.pageSize ?? PAGE_SIZE, req.clauses) },
    headers: req.headers,
  };
  const { items, more } = await client.list(req.path, request);
  const parsed = items.map((item) => rawItem(req.schema, item));
  checkKeyset(req, request, parsed.map(req.id));
  const last = parsed.at(-1);
  if (more && last === undefined) throw new Error(`GET ${req.path}: Harbor announced a next page after an empty one`);
  return { items: parsed, lastId: last === undefined ? req.after : req.id(last), more };
}

/** Where a flat listing (projects, users) stands: after the item with this id. */
export const AfterCursor = v.object({ after: v.pipe(v.number(), v.integer(), v.minValue(0)) });
