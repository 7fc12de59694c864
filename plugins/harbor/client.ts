import { basicAuth } from "../../src/runtime/basic-auth.ts";
import { createLimit } from "../../src/runtime/limit.ts";
import * as v from "valibot";
import { perInvocation, type PluginContext } from "../../src/plugin.ts";
import { HttpError, type ErrorBody, type Http, type HttpRequest } from "../../src/runtime/http.ts";
import { hasMore, PAGE_SIZE } from "./paging.ts";
import { ArtifactSchema, rawItem, type Artifact } from "./schemas.ts";
import type { HarborSettings } from "./settings.ts";

/** Scan overviews keyed by the generic 1.1 report first (what documented mappings query), native 1.0 otherwise. */
export const ACCEPT_VULNERABILITIES =
  "application/vnd.security.vulnerability.report; version=1.1, application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";

/** Harbor copes with a few parallel listings per client; Workers allow six open connections in all. */
const MAX_CONCURRENT = 4;

/** The credentials did not authenticate: Harbor quietly serves such requests as anonymous. */
export class CredentialsError extends Error {
  override name = "CredentialsError";
}

export type Identity = { kind: "user"; username: string; admin: boolean } | { kind: "robot" };

export interface ListResult {
  items: unknown[];
  more: boolean;
}

export interface HarborClient {
  /**
   * Confirms the credentials, once per tick; see CredentialsError. Needed before listing projects,
   * which anonymous callers may list too (public ones only); other listings answer them 401.
   */
  identity(): Promise<Identity>;
  list(path: string, request?: HttpRequest): Promise<ListResult>;
  /**
   * One artifact by digest or tag, as webhooks need it, with its tags and labels and, unless
   * `withScanOverview` is false, its scan overview; undefined when it is gone.
   */
  artifact(repositoryFullName: string, reference: string, options?: { withScanOverview?: boolean }): Promise<Artifact | undefined>;
}

/**
 * `team-a/service/api` in project `team-a` → `service%252Fapi`: Harbor's router decodes the path
 * once and the handler a second time, so a single `%2F` splits the route and answers 404.
 */
export function repositoryPath(repositoryFullName: string): { project: string; repository: string } {
  const slash = repositoryFullName.indexOf("/");
  if (slash <= 0) throw new Error(`"${repositoryFullName}" is not a full repository name (project/repository)`);
  const project = repositoryFullName.slice(0, slash);
  const repository = repositoryFullName.slice(slash + 1);
  return { project: encodeURIComponent(project), repository: encodeURIComponent(encodeURIComponent(repository)) };
}

/** Harbor's error body, `{"errors": [{"code": "NOT_FOUND", "message": "..."}]}`: its messages, joined. */
function harborErrorBody(data: unknown): ErrorBody | undefined {
  const errors = (data as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const messages = errors.map((e) => (e && typeof e === "object" ? (e as { message?: unknown }).message : e));
  return { message: messages.filter((m) => typeof m === "string").join("; ") };
}

/** HTTP to Harbor's API as these settings' user; the shared client reads, webhook policies write through another. */
export function harborHttp(ctx: PluginContext<HarborSettings>): Http {
  return ctx.http({
    baseURL: `${ctx.settings.url}/api/v2.0`,
    headers: { authorization: basicAuth(ctx.settings.username, ctx.settings.password), accept: "application/json" },
    errorBody: harborErrorBody,
  });
}

function createClient(ctx: PluginContext<HarborSettings>): HarborClient {
  const { settings } = ctx;
  const http = harborHttp(ctx);
  const limit = createLimit(MAX_CONCURRENT);
  const request = <T>(path: string, req?: HttpRequest) => limit(() => http.request<T>(path, req));
  let identity: Promise<Identity> | undefined;

  async function whoami(): Promise<Identity> {
    try {
      const res = await request<unknown>("/users/current");
      const user = v.parse(v.looseObject({ username: v.string(), sysadmin_flag: v.optional(v.boolean(), false) }), res.data);
      return { kind: "user", username: user.username, admin: user.sysadmin_flag };
    } catch (err) {
      // Robots have no user record: Harbor answers 412 to them, and only to authenticated ones.
      if (err instanceof HttpError && err.status === 412) return { kind: "robot" };
      if (err instanceof HttpError && err.status === 401) {
        throw new CredentialsError(
          `Harbor does not accept HARBOR_USERNAME "${settings.username}" with HARBOR_PASSWORD (401 on GET /users/current); ` +
            "nothing is listed, since Harbor would answer as anonymous and show public projects only",
        );
      }
      throw err;
    }
  }

  return {
    identity() {
      identity ??= whoami();
      return identity;
    },
    async list(path, req) {
      let res;
      try {
        res = await request<unknown>(path, req);
      } catch (err) {
        // A 401 means anonymous: wrong credentials (then say so) or a listing that needs a login.
        if (err instanceof HttpError && err.status === 401) await this.identity();
        throw err;
      }
      const items = v.parse(v.array(v.unknown()), res.data ?? []);
      const pageSize = Number(req?.query?.page_size ?? PAGE_SIZE);
      return { items, more: hasMore(res.headers, items.length, pageSize) };
    },
    async artifact(repositoryFullName, reference, options) {
      const withScanOverview = options?.withScanOverview ?? true;
      const { project, repository } = repositoryPath(repositoryFullName);
      try {
        const res = await request<unknown>(
          `/projects/${project}/repositories/${repository}/artifacts/${encodeURIComponent(reference)}`,
          {
            query: { with_tag: true, with_scan_overview: withScanOverview, with_label: true },
            headers: withScanOverview ? { "x-accept-vulnerabilities": ACCEPT_VULNERABILITIES } : undefined,
          },
        );
        return rawItem(ArtifactSchema, res.data);
      } catch (err) {
        if (err instanceof HttpError && err.status === 404) return undefined;
        throw err;
      }
    },
  };
}

const CLIENT_KEY = "harbor:client";

/** One client per tick or webhook, so the credential check and the concurrency limit are shared. */
export function harborClient(ctx: PluginContext<HarborSettings>): HarborClient {
  return perInvocation(ctx.cache, CLIENT_KEY, () => createClient(ctx));
}
