/**
 * Fake Bitbucket Server / Data Center: REST 1.0 (≡ `latest`) under an optional context path,
 * plus a webhook sender, behaving like the real server as described in the shared notes
 * (bitbucket-server.md) and the DC 9.4 OpenAPI spec.
 *
 * Options (factory `options`, all optional):
 *   contextPath      "/bitbucket" → API at <url>/bitbucket/rest/api/1.0/…; links use it too
 *   maxLimit         cap for projects/repos/webhooks/branches pages (default 1000), echoed in `limit`
 *   limits           { changes: 1000, commits: 100, files: 1000, lines: 5000 } caps of other pages
 *   paging           { nullNextPageStart: "files"|"all"|"none" (default "files"),
 *                      bserv12725: boolean, gaps: boolean }  — see paging.ts
 *   emptyRepo        "no-such-commit" (default) | "no-such-path": raw/browse/files in a repo with no commits
 *   maxLineLength    browse truncates longer lines (default 5000)
 *   rateLimit        { capacity: 60, refillPerSecond: 5, exempt?: [user | "token:<t>"], retryAfter?: s }
 *                    per-user token bucket; off unless given; anonymous calls are not limited
 *   deliver          "send" (default: POST each delivery, 10 s timeout, circuit breaker) |
 *                    "return" (actions return {deliveries:[{webhookId, url, headers, body}]} unsent)
 *   deliveryTimeoutMs  override the 10 s webhook timeout
 *   version          what /application-properties reports (default "9.4.0"; "8.7.2" for a server
 *                    whose hooks must be per repository)
 *   seed             initial seed (same format as POST /_fake/seed)
 *   The `configure` action merges further options in later (the rate-limit buckets restart).
 *
 * Seed (POST /_fake/seed replaces everything; ids count up in seed order unless given):
 *   { users: [{ name, password, displayName?, emailAddress?, permission?: "READ"|"WRITE"|"ADMIN",
 *               projects?: [keys it may see], tokens?: [{ token, scope?: { project, repo? }, permission? }] }],
 *     projects: [{ key, name?, id?, description?, public?, type?: "NORMAL"|"PERSONAL" (a "~USER" key
 *                  is personal), owner?,
 *                  repos: [{ slug?, name?, id?, description?, state?, archived?, public?, forkable?,
 *                            origin?: "KEY/slug", empty?: true, defaultBranch?: "main",
 *                            files?: { "port.yaml": "…" },
 *                            branches?: { name: { files: { path: content | null } } },
 *                            tags?: { name: branch | sha },
 *                            pullRequests?: [{ title, state?, author?, reviewers?, participants?,
 *                                              from?, to?, createdDate?, updatedDate?, closedDate? }] }] }],
 *     webhooks: [{ project, repo?, url, events, secret?, name?, active? }] }
 *   Personal tokens work as Basic passwords and as Bearer; scoped tokens only as Bearer.
 *
 * Actions (POST /_fake/action/<name>):
 *   push        { project, repo, branch?, files?: { path: content | null }, message?, deleteBranch?,
 *                 from?, refs?: [ {branch, files, deleteBranch, from, message} ], actor?, deliver? }
 *               → one commit per ref, one repo:refs_changed (ADD / UPDATE / DELETE);
 *               returns { changes, deliveries }
 *   rename      { project, repo, newSlug?, newName?, toProject?, actor?, deliver? } → repo:modified
 *   ping        { project, repo?, webhookId?, sign?: false, deliver? } → diagnostics:ping
 *   create-repo { project, …repo seed } / delete-repo { project, repo } / delete-project { project }
 *               — silent, as on DC (no repository or project deletion event)
 *   pull-request { project, repo, event: opened|modified|merged|declined|deleted|reviewer:updated|
 *                  reviewer:approved|reviewer:unapproved|reviewer:needs_work, id?, pull?, reviewers?,
 *                  user?, actor?, deliver? } → changes the pull request, emits pr:<event>
 *   generate    { projects, reposPerProject, withFileRatio?, archivedRatio?, emptyRatio?, template?,
 *                 fileName?, users? } → replaces the data with a large deterministic instance
 *                 (projects P0001…, repos repo-0001…, ids 1…n)
 * State (GET /_fake/state): counts, compact projects/repos (branches → head sha), webhooks, deliveries.
 */
import { authenticate, principalKey } from "./auth.ts";
import * as actions from "./actions.ts";
import type { ContentOptions, Ctx, Limits } from "./context.ts";
import { defineFake } from "../base.ts";
import type { FakeFactory } from "../registry.ts";
import { EXCEPTIONS, error, faultBody, HttpError } from "./http.ts";
import type { Store } from "./model.ts";
import type { PagingOptions } from "./paging.ts";
import { TokenBuckets, type RateLimitOptions } from "./ratelimit.ts";
import { renderWebhook, type Site } from "./render.ts";
import { pullRequest, type PullAction } from "./pr-events.ts";
import { dispatch } from "./routes.ts";
import { generate, seedStore, type GenerateSpec, type Seed } from "./seed.ts";
import { Sender, type DeliverMode } from "./sender.ts";

export interface BitbucketOptions extends ContentOptions {
  contextPath?: string;
  maxLimit?: number;
  limits?: Partial<Omit<Limits, "maxLimit">>;
  paging?: PagingOptions;
  rateLimit?: RateLimitOptions;
  deliver?: DeliverMode;
  deliveryTimeoutMs?: number;
  seed?: Seed;
  version?: string;
}

const API = /^\/rest\/api\/(?:1\.0|latest)\/(.*)$/;

export const createBitbucketFake: FakeFactory = ({ url, options }) => {
  let opts: BitbucketOptions = {};
  const site: Site = { origin: url, contextPath: "" };
  let limits!: Limits;
  let buckets: TokenBuckets | undefined;
  let store: Store = seedStore();
  const now = () => Date.now();
  const settings = () => ({ mode: opts.deliver ?? "send", timeoutMs: opts.deliveryTimeoutMs ?? 10_000 });
  const sender = new Sender(() => store, settings, now);
  const env: actions.ActionEnv = { store: () => store, site, sender, now };

  /** Options apply at creation and, merged, through the `configure` action. */
  function configure(next: BitbucketOptions) {
    opts = { ...opts, ...next };
    site.contextPath = (opts.contextPath ?? "").replace(/\/+$/, "");
    limits = {
      maxLimit: opts.maxLimit ?? 1000,
      changes: opts.limits?.changes ?? 1000,
      commits: opts.limits?.commits ?? 100,
      files: opts.limits?.files ?? 1000,
      lines: opts.limits?.lines ?? 5000,
    };
    buckets = opts.rateLimit ? new TokenBuckets(opts.rateLimit) : undefined;
    if (next.seed) store = seedStore(next.seed);
  }
  configure((options ?? {}) as BitbucketOptions);

  async function route(req: Request, body: string): Promise<Response> {
    const url = new URL(req.url);
    const path = url.pathname.startsWith(site.contextPath + "/") ? url.pathname.slice(site.contextPath.length) : "";
    const rest = API.exec(path)?.[1];
    if (rest === undefined) return new Response("Not Found", { status: 404, headers: { "content-type": "text/html" } });
    try {
      const principal = authenticate(store, req.headers.get("authorization"));
      const key = principalKey(principal);
      if (buckets && key && !buckets.take(key)) {
        const retry: Record<string, string> = buckets.retryAfter ? { "Retry-After": String(buckets.retryAfter) } : {};
        return error(429, faultBody(429).errors[0]!.message, EXCEPTIONS.rateLimited, null, retry);
      }
      const ctx: Ctx = {
        store,
        site,
        principal,
        query: url.searchParams,
        body,
        paging: opts.paging ?? {},
        limits,
        content: opts,
        version: opts.version ?? "9.4.0",
        now,
      };
      return await dispatch(req.method, rest, ctx, sender);
    } catch (err) {
      if (err instanceof HttpError) return err.response;
      throw err;
    }
  }

  function state() {
    const projects = store.allProjects().map((p) => ({
      key: p.key,
      id: p.id,
      type: p.type,
      public: p.public,
      repos: store.reposOf(p.key).map((r) => ({
        slug: r.slug,
        id: r.id,
        name: r.name,
        state: r.state,
        archived: r.archived,
        defaultBranch: r.git.defaultBranch,
        branches: Object.fromEntries(r.git.branches),
      })),
    }));
    return {
      counts: {
        projects: store.projects.size,
        repos: store.reposById.size,
        webhooks: store.webhooks.size,
        pullRequests: [...store.pullRequests.values()].reduce((n, list) => n + list.length, 0),
      },
      projects,
      webhooks: [...store.webhooks.values()].map((w) => ({ ...renderWebhook(w), scope: w.scope })),
      deliveries: sender.log,
    };
  }

  return defineFake({
    name: "bitbucket",
    route,
    seed(data) {
      store = seedStore(data as Seed);
      buckets = opts.rateLimit ? new TokenBuckets(opts.rateLimit) : undefined;
    },
    state,
    faultBody,
    actions: {
      push: (b) => actions.push(env, b as actions.PushAction),
      rename: (b) => actions.rename(env, b as actions.RenameAction),
      ping: (b) => actions.ping(env, b as actions.PingAction),
      "create-repo": (b) => actions.createRepo(env, b as Parameters<typeof actions.createRepo>[1]),
      "delete-repo": (b) => actions.deleteRepo(env, b as { project: string; repo: string }),
      "delete-project": (b) => {
        store.removeProject((b as { project: string }).project);
        return { ok: true };
      },
      "pull-request": (b) => pullRequest(env, b as PullAction),
      configure: (b) => {
        configure(b as BitbucketOptions);
        return { ok: true };
      },
      generate: (b) => {
        store = generate(b as GenerateSpec);
        return state().counts;
      },
    },
  });
};
