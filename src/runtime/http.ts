import { createFetch, FetchError, type FetchContext } from "ofetch";
import { redactUrls } from "../log.ts";
import { BudgetExhaustedError, type Outbound } from "./outbound.ts";
import { isRedirect, MAX_REDIRECTS, redirectTarget, sameOriginFetch } from "./redirects.ts";
import { backoffMs, defaultBackoff, requestedWaitMs, type Backoff } from "./retry.ts";

/**
 * One HTTP client for every outbound call (Port and the sources): each attempt is counted by
 * `outbound`, transient failures are retried with backoff, and failures surface as typed errors
 * whose messages never carry credentials.
 */

export const defaultRetryStatusCodes: readonly number[] = [408, 429, 500, 502, 503, 504];

export interface HttpOptions {
  baseURL: string;
  outbound: Outbound;
  headers?: Record<string, string>;
  /** Retries after the first attempt. */
  retries?: number;
  /** ofetch reports a request without a response (network error, timeout) as 500. */
  retryStatusCodes?: readonly number[];
  /** A server asking for a longer wait than this ends the call with `RateLimitedError`. */
  maxRetryWaitMs?: number;
  backoff?: Partial<Backoff>;
  timeoutMs?: number;
  /**
   * Reads the API's error body into a code and a message (the source's client knows its format);
   * undefined for a body it does not recognise, which is then read as Port's envelope or as text.
   */
  errorBody?: (data: unknown) => ErrorBody | undefined;
  /** Values to blank out of error messages besides the credential headers of the request. */
  secrets?: () => Iterable<string | undefined>;
  random?: () => number;
  now?: () => number;
}

/** What an error response said: a machine-readable code when the API has one, and its message. */
export interface ErrorBody {
  code?: string;
  message: string;
}

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
  method?: HttpMethod;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface Http {
  request<T = unknown>(path: string, request?: HttpRequest): Promise<HttpResponse<T>>;
}

/** A request that ended in an error status, or with no response at all (`status` 0). */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** The API's machine-readable error code when its body has one (Port's `error`). */
    readonly code: string | undefined,
    readonly detail: string,
  ) {
    super(`${method} ${path}: ${status === 0 ? "no response" : status}${code ? ` ${code}` : ""}${detail ? `: ${detail}` : ""}`);
  }

  /** Worth trying again later: nothing in the request itself was wrong. */
  get transient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** The server asked to wait longer than the caller may; resume on a later tick. */
export class RateLimitedError extends Error {
  override name = "RateLimitedError";
  constructor(
    readonly retryAfterMs: number,
    readonly method: string,
    readonly path: string,
    readonly status: number,
  ) {
    super(`${method} ${path}: ${status}, server asks to wait ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

/** Refusals by the outbound fetch itself: retrying them within this call cannot succeed. */
const endsCall = (error: unknown): error is Error => error instanceof BudgetExhaustedError || error instanceof RateLimitedError;

/** ofetch's test for a JSON media type (`application/json`, `application/vnd.api+json`, ...). */
const JSON_TYPE = /^application\/(?:[\w!#$%&*.^`~-]*\+)?json(?:;.*)?$/i;
const CREDENTIAL_HEADER = /authorization|cookie|token|secret|password|api-?key/i;
const MIN_SECRET_LENGTH = 4;
const MAX_DETAIL_LENGTH = 500;

/** Every credential that could leak into a message: header values and their parts (the token after "Bearer"). */
function collectSecrets(headers: Record<string, string>, extra: Iterable<string | undefined>): string[] {
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADER.test(name)) continue;
    secrets.add(value);
    secrets.add(value.replace(/^\S+\s+/, ""));
  }
  for (const value of extra) if (value) secrets.add(value);
  return [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = redactUrls(text).replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]");
  for (const secret of secrets) out = out.split(secret).join("[redacted]");
  return out;
}

/** Port's `{error, message}`, or plain text; a source's own format is read by its client's `errorBody`. */
function describeBody(data: unknown): ErrorBody {
  if (typeof data === "string") return { message: data };
  if (!data || typeof data !== "object") return { message: "" };
  const body = data as { error?: unknown; message?: unknown };
  const code = typeof body.error === "string" ? body.error : undefined;
  return { code, message: typeof body.message === "string" ? body.message : "" };
}

function truncate(text: string): string {
  return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
}

export function createHttp(options: HttpOptions): Http {
  const retries = options.retries ?? 4;
  const backoff: Backoff = { ...defaultBackoff, ...options.backoff };
  const maxRetryWaitMs = options.maxRetryWaitMs ?? 30_000;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const outbound = options.outbound;

  const pathOf = (context: FetchContext) => {
    const url = typeof context.request === "string" ? context.request : context.request.url;
    return new URL(url, options.baseURL).pathname;
  };

  /** A 3xx that reached us was not followed: another host, too many hops, or no Location. */
  const refusedRedirect = (context: FetchContext, response: Response): HttpError => {
    const method = context.options.method ?? "GET";
    const from = new URL(typeof context.request === "string" ? context.request : context.request.url, options.baseURL);
    const target = redirectTarget(response, from);
    // Only the host is named: a Location's user info or query may carry the other host's secrets.
    const why = !target
      ? "a redirect without a usable Location"
      : target.origin !== from.origin
        ? `a redirect to another host, ${target.host}; only redirects within ${from.host} are followed`
        : `more than ${MAX_REDIRECTS} redirects`;
    return new HttpError(method, from.pathname, response.status, "Redirect", `refused ${why}`);
  };

  const $fetch = createFetch({ fetch: sameOriginFetch(outbound.fetch) }).create({
    baseURL: options.baseURL,
    retry: retries,
    retryStatusCodes: [...(options.retryStatusCodes ?? defaultRetryStatusCodes)],
    timeout: options.timeoutMs ?? 30_000,
    // Runs before every attempt and outside ofetch's retry handling, so a spent budget ends the call.
    onRequest() {
      if (outbound.remaining <= 0) throw new BudgetExhaustedError(outbound.used);
    },
    // Bodies come as text and are parsed here: ofetch's own JSON reader (destr) scans every body
    // with prototype-pollution regexes before JSON.parse, which JSON.parse does not need, and that
    // scan was most of the parsing CPU of a page of artifacts.
    responseType: "text",
    onResponse(context) {
      const response = context.response;
      // ofetch takes a 3xx as success; thrown here it ends the call without a retry.
      if (isRedirect(response.status)) throw refusedRedirect(context, response);
      if (typeof response._data !== "string") return;
      const contentType = response.headers.get("content-type") ?? "";
      // As ofetch reads them: a JSON type, or none at all, is parsed; anything else stays text.
      if (contentType && !JSON_TYPE.test(contentType)) return;
      try {
        response._data = JSON.parse(response._data);
      } catch {
        if (!response.ok || !contentType) return;
        // A body that says it is JSON and is not: say so where the request is named.
        const secrets = collectSecrets(Object.fromEntries(new Headers(context.options.headers)), options.secrets?.() ?? []);
        const start = redact(response._data.slice(0, 100), secrets);
        throw new HttpError(context.options.method ?? "GET", pathOf(context), response.status, "InvalidJson", `the body is not JSON: ${start}`);
      }
    },
    retryDelay(context) {
      // Concurrent calls can all pass onRequest before the last slot is taken; the loser must not
      // retry. Nor may a request the outbound refused to send for a rate limit (Port's pacing).
      if (endsCall(context.error)) throw context.error;
      const attempt = retries - Number(context.options.retry ?? 0);
      const status = context.response?.status;
      const computed = backoffMs(attempt, backoff, random);
      const asked = requestedWaitMs(status, context.response?.headers, now());
      if (asked === undefined) return computed;
      if (asked > maxRetryWaitMs) {
        throw new RateLimitedError(asked, context.options.method ?? "GET", pathOf(context), status ?? 0);
      }
      // A reset already past (clock skew) must not turn into retrying at full speed.
      return Math.max(asked, computed);
    },
  });

  return {
    async request<T>(path: string, request: HttpRequest = {}): Promise<HttpResponse<T>> {
      const method = request.method ?? "GET";
      const headers = { ...options.headers, ...request.headers };
      try {
        const response = await $fetch.raw(path, {
          method,
          headers,
          query: request.query,
          body: request.body as BodyInit | Record<string, unknown> | undefined,
        });
        return { status: response.status, headers: response.headers, data: response._data as T };
      } catch (error) {
        if (!(error instanceof FetchError)) throw error;
        if (endsCall(error.cause)) throw error.cause;
        const secrets = collectSecrets(headers, options.secrets?.() ?? []);
        const pathname = new URL(path, options.baseURL).pathname;
        if (!error.response) {
          const reason = error.cause instanceof Error ? error.cause.message : String(error.cause ?? "network error");
          throw new HttpError(method, pathname, 0, undefined, truncate(redact(reason, secrets)));
        }
        const { code, message } = options.errorBody?.(error.data) ?? describeBody(error.data);
        throw new HttpError(
          method,
          pathname,
          error.response.status,
          code === undefined ? undefined : redact(code, secrets),
          truncate(redact(message, secrets)),
        );
      }
    },
  };
}
