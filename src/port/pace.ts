import { RateLimitedError } from "../runtime/http.ts";
import type { Outbound } from "../runtime/outbound.ts";
import { rateLimitResetAt } from "../runtime/retry.ts";

/**
 * Pacing by Port's rate limit. Port counts requests per organisation (every integration, script
 * and the UI share the window) and reports the window on every response in `x-ratelimit-limit`,
 * `x-ratelimit-remaining` and `x-ratelimit-reset`. portside may use a share of the limit: it sends
 * a request only while, after it and those already in flight, the rest of the limit is still left
 * for the others. Port is never asked more than it allows, and a spent share ends the call at once
 * with a RateLimitedError (a pause until the window resets), instead of a wait the invocation may
 * not have.
 */

export interface PacerOptions {
  /** Share of Port's limit portside may use, above 0 and at most 1. */
  share: number;
  now?: () => number;
}

/** What the headers of the latest answers said about one window. */
export interface RateWindow {
  limit: number;
  remaining: number;
  /** Epoch ms at which the window resets. */
  resetAt: number;
}

export interface Pacer {
  /** Counts a request as in flight, or throws RateShareSpentError when it would eat into the others' part. */
  take(url: string, method: string): void;
  /** Learns the window from a response's headers. */
  observe(url: string, headers: Headers): void;
  /** The request taken has its answer (or failed). */
  release(): void;
  window(url: string): RateWindow | undefined;
}

/** portside's share of Port's rate limit is spent until the window resets. */
export class RateShareSpentError extends RateLimitedError {
  constructor(retryAfterMs: number, method: string, path: string, route: string, window: RateWindow, share: number) {
    super(retryAfterMs, method, path, 0);
    const percent = Math.round(share * 100);
    this.message =
      `${method} ${path}: not sent: ${window.remaining} of Port's ${window.limit} ${route} requests are left in this window, ` +
      `and ${100 - percent}% stays for the organisation's other clients (PORT_RATE_LIMIT_SHARE=${percent}); ` +
      `resuming after the reset in ${Math.ceil(retryAfterMs / 1000)} s`;
  }
}

/** Port limits some routes separately (bulk upserts, searches, the rest): each keeps its own window. */
const ROUTES: readonly [RegExp, string][] = [
  [/\/entities\/bulk$/, "bulk upsert"],
  [/\/search$|\/datasource-entities$/, "search"],
];

const routeOf = (path: string) => ROUTES.find(([pattern]) => pattern.test(path))?.[1] ?? "other";

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};

const count = (value: string | null) => (value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined);

/** Windows by route. */
export type RateWindows = Map<string, RateWindow>;

export function createPacer(options: PacerOptions, windows: RateWindows = new Map()): Pacer {
  if (!(options.share > 0 && options.share <= 1)) throw new RangeError(`share must be above 0 and at most 1, got ${options.share}`);
  const now = options.now ?? Date.now;
  let inFlight = 0;

  return {
    take(url, method) {
      const at = now();
      const othersPart = (window: RateWindow) => Math.ceil(window.limit * (1 - options.share));
      const ours = (window: RateWindow) => window.remaining - inFlight - othersPart(window);
      // Whether Port counts routes in one bucket or in several is not documented: every request
      // is judged by the tightest window, which holds either way.
      let tightest: [string, RateWindow] | undefined;
      for (const [route, window] of windows) {
        if (at < window.resetAt && (!tightest || ours(window) < ours(tightest[1]))) tightest = [route, window];
      }
      if (tightest && ours(tightest[1]) < 1) {
        const [route, window] = tightest;
        throw new RateShareSpentError(window.resetAt - at, method, pathOf(url), route, window, options.share);
      }
      inFlight++;
    },
    observe(url, headers) {
      const limit = count(headers.get("x-ratelimit-limit"));
      const remaining = count(headers.get("x-ratelimit-remaining"));
      const resetAt = rateLimitResetAt(headers, now());
      if (limit === undefined || remaining === undefined || resetAt === undefined) return;
      const route = routeOf(pathOf(url));
      const known = windows.get(route);
      // Answers overtake each other: within one window the lowest count is the latest.
      if (known && known.limit === limit && Math.abs(known.resetAt - resetAt) < 1000) {
        known.remaining = Math.min(known.remaining, remaining);
      } else if (!known || resetAt > known.resetAt) {
        windows.set(route, { limit, remaining, resetAt });
      }
    },
    release() {
      inFlight--;
    },
    window: (url) => windows.get(routeOf(pathOf(url))),
  };
}

/**
 * What Port last said about each organisation's windows, kept by the isolate: the next tick or a
 * webhook in the same isolate knows a spent window without spending a request to learn it. Requests
 * in flight are counted per pacer, so an invocation cut off mid-request leaves no count behind.
 */
const known = new Map<string, RateWindows>();
const MAX_ORGANISATIONS = 100;

export function pacerFor(organisation: string, options: PacerOptions): Pacer {
  let windows = known.get(organisation);
  if (!windows) {
    if (known.size >= MAX_ORGANISATIONS) known.clear();
    windows = new Map();
    known.set(organisation, windows);
  }
  return createPacer(options, windows);
}

/** `outbound` with every request paced: taken before it leaves, observed when it is answered. */
export function pacedOutbound(outbound: Outbound, pacer: Pacer): Outbound {
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    pacer.take(url, init?.method ?? (input instanceof Request ? input.method : "GET"));
    try {
      const response = await outbound.fetch(input, init);
      pacer.observe(url, response.headers);
      return response;
    } finally {
      pacer.release();
    }
  }) as typeof globalThis.fetch;
  return {
    fetch,
    get used() {
      return outbound.used;
    },
    get remaining() {
      return outbound.remaining;
    },
  };
}
