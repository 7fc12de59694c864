/**
 * go-swagger's routing under /api/v2.0: the path is matched after decoding it once, so a
 * repository name whose `/` was encoded only once splits into extra segments and no route
 * matches ("path … was not found"); handlers decode `repository_name` a second time.
 */
import type { Principal } from "./auth.ts";
import { HarborError, jsonResponse } from "./http.ts";
import { filterAndSort, parseQ, parseSort } from "./query.ts";
import type { Model } from "./query.ts";
import { pageHeaders, pageOf, parsePaging } from "./paging.ts";
import type { Store } from "./store.ts";

export interface HarborConfig {
  /** `host[:port]` Harbor puts in webhook `resource_url`s (ext_endpoint without scheme). */
  externalHost: string;
  /** Delay before answering a request whose credentials failed (real Harbor: ~1.5 s). */
  failedLoginDelayMs: number;
}

export interface Ctx {
  req: Request;
  url: URL;
  body: string;
  params: Record<string, string>;
  query: URLSearchParams;
  who: Principal;
  store: Store;
  requestId: string;
  config: HarborConfig;
}

export interface Route {
  method: string;
  path: string;
  handle(c: Ctx): Response | Promise<Response>;
}

export const BASE = "/api/v2.0";

export interface Match {
  route?: Route;
  params: Record<string, string>;
  allowed: string[];
}

export function match(routes: Route[], method: string, decodedPath: string): Match {
  const segments = decodedPath.slice(BASE.length).split("/");
  const allowed: string[] = [];
  for (const route of routes) {
    const pattern = route.path.split("/");
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      if (p.startsWith("{")) {
        params[p.slice(1, -1)] = segments[i]!;
        return segments[i] !== "";
      }
      return p === segments[i];
    });
    if (!ok) continue;
    if (route.method === method) return { route, params, allowed };
    allowed.push(route.method);
  }
  return { params: {}, allowed };
}

/** url.PathUnescape, which Harbor applies to `repository_name`; on error the value stays as is. */
export function pathUnescape(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const caches = new WeakMap<Store, Map<string, unknown[]>>();
const cachedVersion = new WeakMap<Store, number>();

/** Filtered and sorted lists, reused while the store is unchanged (page after page of one list). */
function cached<T>(store: Store, key: string, build: () => T[]): T[] {
  if (cachedVersion.get(store) !== store.version) {
    caches.set(store, new Map());
    cachedVersion.set(store, store.version);
  }
  const cache = caches.get(store)!;
  let items = cache.get(key) as T[] | undefined;
  if (!items) {
    items = build();
    if (cache.size > 200) cache.clear();
    cache.set(key, items);
  }
  return items;
}

/**
 * A paged list response: `q`/`sort` applied to `source`, `X-Total-Count` and `Link` headers.
 * `scope` names the source for caching (e.g. the repository id).
 */
export function listResponse<T>(c: Ctx, scope: string, source: () => Iterable<T>, model: Model<T>, render: (item: T) => unknown): Response {
  const paging = parsePaging(c.query);
  const q = parseQ(c.query.get("q"));
  const sort = parseSort(c.query.get("sort"));
  const key = `${scope}|${c.query.get("q") ?? ""}|${c.query.get("sort") ?? ""}`;
  const items = cached(c.store, key, () => filterAndSort(source(), model, q, sort));
  return jsonResponse(pageOf(items, paging).map(render), c.requestId, pageHeaders(c.url, items.length, paging));
}

/** ParseInt the way `parseProjectNameOrID` does, unless `X-Is-Resource-Name: true`. */
export function projectByNameOrId(c: Ctx, raw: string) {
  const asName = (c.req.headers.get("x-is-resource-name") ?? "").toLowerCase() === "true";
  if (!asName && /^[+-]?\d+$/.test(raw)) {
    const id = Number(raw);
    return { project: c.store.projects.get(id), label: String(id) };
  }
  return { project: c.store.projectsByName.get(raw), label: raw };
}

export function boolParam(c: Ctx, name: string, fallback: boolean): boolean {
  const raw = c.query.get(name);
  // swag.ConvertBool: these spellings mean true, anything else false.
  if (raw === null || raw === "") return fallback;
  return ["true", "1", "yes", "ok", "y", "on", "selected", "checked", "t", "enabled"].includes(raw.toLowerCase());
}

export function parseJsonBody(c: Ctx): any {
  try {
    return c.body ? JSON.parse(c.body) : undefined;
  } catch {
    throw new HarborError(400, "BAD_REQUEST", "parsing body body from \"\" failed, because invalid character");
  }
}
