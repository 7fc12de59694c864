import { basicAuth } from "../../src/runtime/basic-auth.ts";
import { createLimit } from "../../src/runtime/limit.ts";
import * as v from "valibot";
import { perInvocation, type PluginContext } from "../../src/plugin.ts";
import { HttpError, RateLimitedError, type ErrorBody, type Http, type HttpRequest } from "../../src/runtime/http.ts";
import { readPage, type ListPage, LIST_LIMIT } from "./paging.ts";
import type { BitbucketSettings } from "./settings.ts";

/**
 * Data Center's token bucket refills 5 requests a second per user: a few calls in flight keep a
 * tick fast without emptying it at once (Workers allow six open connections in all).
 */
const MAX_CONCURRENT = 4;

/** DC sends no Retry-After; the bucket refills within seconds, so the next tick is soon enough. */
const NEXT_TICK_MS = 60_000;

/** 404s that are Bitbucket's own answer about content, told apart by exceptionName. */
const NO_SUCH_PATH = /NoSuchPathException$/;
const NO_SUCH_COMMIT = /NoSuchCommitException$/;
const GONE = /NoSuch(?:Repository|Project)Exception$/;

export type FileRead =
  | { found: true; text: string }
  /** `path`: no such file; `empty`: the default branch has no commit; `gone`: repository or project deleted. */
  | { found: false; why: "path" | "empty" | "gone" };

export interface BitbucketClient {
  list(path: string, start: number, query?: HttpRequest["query"]): Promise<ListPage>;
  get<T>(path: string, schema: v.GenericSchema<unknown, T>): Promise<T>;
  send(path: string, request: HttpRequest): Promise<unknown>;
  /**
   * One file at `at` (a commit or ref), or at the default branch when `at` is absent. A commit
   * named by `at` that does not exist is an error, never "no file": nothing proves the file absent.
   */
  raw(projectKey: string, slug: string, path: string, at?: string): Promise<FileRead>;
}

/**
 * A 429 still there after the client's retries means the bucket is empty for a while: stop the
 * tick and resume from the same cursor next time, rather than fail a repository or a listing.
 */
function rateLimited(err: unknown): never {
  if (err instanceof HttpError && err.status === 429) throw new RateLimitedError(NEXT_TICK_MS, err.method, err.path, 429);
  throw err;
}

/** `raw` answers the file's bytes whatever its Content-Type says, so take them as text in any form. */
async function asText(data: unknown): Promise<string> {
  if (typeof data === "string") return data;
  if (data instanceof Blob) return data.text();
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  // Parsed as JSON because the server called it JSON: JSON is YAML, so its text is as good.
  return JSON.stringify(data ?? "");
}

export const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");

/**
 * Bitbucket's error body, `{"errors": [{"message": "...", "exceptionName": "..."}]}`: the first
 * exception's name is the code, which tells "no such path" from "no such commit" on the same 404.
 */
function bitbucketErrorBody(data: unknown): ErrorBody | undefined {
  const errors = (data as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const messages = errors.map((e) => (e && typeof e === "object" ? (e as { message?: unknown }).message : e));
  const exception = (errors[0] as { exceptionName?: unknown } | undefined)?.exceptionName;
  return { code: typeof exception === "string" ? exception : undefined, message: messages.filter((m) => typeof m === "string").join("; ") };
}

function createClient(ctx: PluginContext<BitbucketSettings>): BitbucketClient {
  const { settings } = ctx;
  const authorization = settings.token
    ? `Bearer ${settings.token}`
    : basicAuth(settings.username ?? "", settings.password ?? "");
  const http: Http = ctx.http({
    baseURL: `${settings.host}/rest/api/1.0`,
    headers: { authorization, accept: "application/json" },
    errorBody: bitbucketErrorBody,
  });
  const limit = createLimit(MAX_CONCURRENT);
  const request = <T>(path: string, req?: HttpRequest) => limit(() => http.request<T>(path, req)).catch(rateLimited);

  return {
    async list(path, start, query) {
      const res = await request<unknown>(path, { query: { limit: LIST_LIMIT, ...query, start } });
      return readPage(res.data, start);
    },
    async get(path, schema) {
      const res = await request<unknown>(path);
      return v.parse(schema, res.data);
    },
    async send(path, req) {
      return (await request<unknown>(path, req)).data;
    },
    async raw(projectKey, slug, path, at) {
      const url = `/projects/${encodeURIComponent(projectKey)}/repos/${encodeURIComponent(slug)}/raw/${encodePath(path)}`;
      try {
        const res = await request<unknown>(url, { query: at ? { at } : undefined, headers: { accept: "*/*" } });
        return { found: true, text: await asText(res.data) };
      } catch (err) {
        if (!(err instanceof HttpError) || err.status !== 404 || !err.code) throw err;
        if (NO_SUCH_PATH.test(err.code)) return { found: false, why: "path" };
        if (NO_SUCH_COMMIT.test(err.code) && at === undefined) return { found: false, why: "empty" };
        if (GONE.test(err.code)) return { found: false, why: "gone" };
        throw err;
      }
    },
  };
}

const CLIENT_KEY = "bitbucket-gitops:client";

/** One client per tick or webhook, so the concurrency cap is shared by every call. */
export function bitbucketClient(ctx: PluginContext<BitbucketSettings>): BitbucketClient {
  return perInvocation(ctx.cache, CLIENT_KEY, () => createClient(ctx));
}
