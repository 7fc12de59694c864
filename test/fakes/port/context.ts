import type { Store } from "./store.ts";

/** What a route handler sees: the data, who is calling, and the request. */
export interface Ctx {
  store: Store;
  /** clientId behind the bearer token: Port's createdBy/updatedBy for machine tokens. */
  clientId: string;
  /** The caller's User-Agent, stored as `$datasource` on entities it writes. */
  userAgent: string | null;
  now: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
}
