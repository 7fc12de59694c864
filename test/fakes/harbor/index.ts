/**
 * Fake Harbor v2.0: the REST API a sync client uses, under /api/v2.0, and a webhook sender,
 * behaving like goharbor/harbor ≈ v2.15 (see the shared notes on Harbor for every quirk).
 *
 * Factory options (`newFake("harbor", options)`):
 *   { externalHost?: string       // host[:port] in webhook resource_url; default: the fake's own host
 *     failedLoginDelayMs?: number // real Harbor sleeps ~1500 ms after a failed login; default 0
 *     version?: string            // the Harbor release to imitate, e.g. "2.11"; default "2.15".
 *                                 // Below 2.12 (goharbor/harbor#20803) there is no
 *                                 // GET /projects/{project_name_or_id}/artifacts: it answers
 *                                 // the router's 404 "path … was not found", as older Harbor does.
 *     seed?: HarborSeed }         // initial data, same format as POST /_fake/seed
 *
 * Seed (`POST /_fake/seed`, replaces everything):
 *   { accounts?: [{ username, password?, admin?, email?, realname?, comment?,
 *                   robot?: { level: "system" | "project", project?, projects?: string[],
 *                             permissions?: string[] } }],     // robots: username "robot$…"
 *     users?: [same as accounts],                               // listed by GET /users
 *     projects?: [{ name, public?, owner? (username, default admin),
 *                   members?: (username | { username, role: "projectAdmin" | "maintainer" |
 *                              "developer" | "guest" | "limitedGuest" })[],
 *                   metadata?: { key: string | boolean }, creationTime?,
 *                   policies?: [WebhookPolicy request body],
 *                   repositories?: [{ name ("team-a/service/api" or "service/api"),
 *                     description?, pullCount?, creationTime?,
 *                     artifacts?: [{ digest?, tags?: string[], type? ("IMAGE"), size?,
 *                       pushTime?, pullTime?, mediaType?, manifestMediaType?, artifactType?,
 *                       scannable?, labels?: string[], annotations?, extraAttrs?,
 *                       accessories?: [{ digest?, type?, size? }],
 *                       references?: [{ digest?, platform?: { architecture, os, variant? } }],
 *                       scan?: { status? ("Success"), counts?: { Critical: n, … }, fixable?,
 *                                severity?, duration?, startTime?, endTime?, reportId?,
 *                                mimeTypes? ([1.1 generic]), scanner? } | null }] }] }] }
 *   User `admin` (password Harbor12345 unless seeded) is always user_id 1; other users get 3, 4, …
 *   in seed order; project, repository, artifact and tag ids count from 1 in seed order (index
 *   children before their index). Times default to 2024-06-01T00:00:00Z + 1 s per record.
 *   Robots get read permissions (project:read, repository:list/read, artifact:list/read,
 *   tag:list, artifact-addition:read) plus `permissions`, e.g. "user:list",
 *   "notification-policy:create".
 *
 * Actions (`POST /_fake/action/<name>`), all mutating the store, then delivering the webhook
 * requests of every enabled policy of the project subscribed to the event:
 *   push   { project, repository, digest?, tags?, operator?, children?: [{digest?, platform?}],
 *            fanOut? (true), …artifact seed fields }  → { artifact: {id, digest}, deliveries }
 *   delete { project, repository, digest? | tag?, operator? }   (root artifact, first tag)
 *   pull   { project, repository, digest? | tag?, operator? }
 *   scan   { project, repository, digest? | tag?, status: "Success" | "Error" | "Stopped",
 *            counts?, fixable?, …scan seed fields, withPull? }
 *   untag  { project, repository, tag }            (fires nothing, like real Harbor)
 *   deleteRepository { project, repository }       (one DELETE per root artifact)
 *   generate { projects, reposPerProject, artifactsPerRepo, tagsPerArtifact?, publicEvery?,
 *              scanned?, prefix?, members? }       (appends; → { artifacts, total })
 * Delivery options on every event action:
 *   deliver: "send" (default: POST, 3 s timeout, up to 3 retries on non-2xx → results with
 *            attempts) | "return" (→ { deliveries: [{ url, method, headers, body }] }, unsent);
 *   duplicate (true | extra copies), shuffle (+ seed), omitTag, omitDateCreated,
 *   omitScanOverview, timeoutMs, maxRetries, retryDelayMs.
 *
 * State (`GET /_fake/state`): counts, users, robots, policies, and projects → repositories →
 * artifacts ({id, digest, tags, parents}) unless there are more than 5000 artifacts.
 */
import { harborActions } from "./actions.ts";
import { artifactRoutes } from "./artifacts.ts";
import { authenticate } from "./auth.ts";
import { defineFake } from "../base.ts";
import type { FakeFactory } from "../registry.ts";
import { envelopeFor, errorResponse, HarborError, notFound } from "./http.ts";
import { policyRoutes } from "./policies.ts";
import { projectRoutes } from "./projects.ts";
import { repositoryRoutes } from "./repositories.ts";
import { BASE, match } from "./router.ts";
import type { HarborConfig, Route } from "./router.ts";
import { seedStore } from "./seed.ts";
import type { HarborSeed } from "./seed.ts";
import { renderPolicy } from "./render.ts";
import { systemRoutes } from "./system.ts";
import { userRoutes } from "./users.ts";

export interface HarborOptions {
  externalHost?: string;
  failedLoginDelayMs?: number;
  /** `major.minor` of the Harbor release to imitate; only routes newer than it are missing. */
  version?: string;
  seed?: HarborSeed;
}

/** Routes a Harbor release added after 2.0, by `major.minor`: older fakes do not serve them. */
const ADDED_IN: Record<string, [number, number]> = {
  "GET /projects/{project_name_or_id}/artifacts": [2, 12],
};

function parseVersion(version: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`harbor fake: version "${version}" is not major.minor`);
  return [Number(m[1]), Number(m[2])];
}

function routesOf(version: string | undefined): Route[] {
  if (version === undefined) return routes;
  const [major, minor] = parseVersion(version);
  return routes.filter((r) => {
    const added = ADDED_IN[`${r.method} ${r.path}`];
    return !added || major > added[0] || (major === added[0] && minor >= added[1]);
  });
}

const routes: Route[] = [...systemRoutes, ...projectRoutes, ...repositoryRoutes, ...artifactRoutes, ...userRoutes, ...policyRoutes];

export const createHarborFake: FakeFactory = ({ url, options }) => {
  const opts = (options ?? {}) as HarborOptions;
  const config: HarborConfig = { externalHost: opts.externalHost ?? new URL(url).host, failedLoginDelayMs: opts.failedLoginDelayMs ?? 0 };
  const served = routesOf(opts.version);
  let { store, seeder } = seedStore(opts.seed);

  async function route(req: Request, body: string): Promise<Response> {
    const url = new URL(req.url);
    const requestId = req.headers.get("x-request-id") || crypto.randomUUID();
    try {
      let decoded: string;
      try {
        decoded = decodeURIComponent(url.pathname);
      } catch {
        throw new HarborError(400, "BAD_REQUEST", `invalid URL escape in ${url.pathname}`);
      }
      if (decoded !== BASE && !decoded.startsWith(`${BASE}/`)) throw notFound(`path ${decoded} was not found`);
      const found = match(served, req.method, decoded);
      if (!found.route) {
        if (found.allowed.length) throw new HarborError(405, "METHOD_NOT_ALLOWED", `method ${req.method} is not allowed, but [${found.allowed.join(",")}] are`);
        throw notFound(`path ${decoded} was not found`);
      }
      const who = authenticate(store, req);
      if (who.kind === "anonymous" && req.headers.has("authorization") && config.failedLoginDelayMs > 0) {
        await new Promise((r) => setTimeout(r, config.failedLoginDelayMs));
      }
      return await found.route.handle({ req, url, body, params: found.params, query: url.searchParams, who, store, requestId, config });
    } catch (err) {
      if (err instanceof HarborError) return errorResponse(err, requestId);
      throw err;
    }
  }

  function state() {
    const detailed = store.artifacts.size <= 5000;
    return {
      counts: { users: store.users.size, projects: store.projects.size, repositories: store.repos.size, artifacts: store.artifacts.size, policies: store.policies.size },
      users: [...store.users.values()].map((u) => ({ id: u.id, username: u.username, admin: u.admin })),
      robots: [...store.robots.values()].map((r) => ({ name: r.name, level: r.level, permissions: [...r.permissions] })),
      policies: [...store.policies.values()].map(renderPolicy),
      projects: [...store.projects.values()].map((p) => ({
        id: p.id,
        name: p.name,
        public: p.public,
        repositories: p.repos.map((r) => ({
          id: r.id,
          name: r.name,
          artifacts: detailed
            ? [...r.artifacts.values()].map((a) => ({ id: a.id, digest: a.digest, tags: a.tags.map((t) => t.name), parents: [...a.parents], scanned: a.scan?.status ?? null }))
            : undefined,
          artifactCount: r.artifacts.size,
        })),
      })),
    };
  }

  return defineFake({
    name: "harbor",
    route,
    seed(data) {
      ({ store, seeder } = seedStore(data as HarborSeed));
    },
    state,
    actions: harborActions({ store: () => store, seeder: () => seeder, host: config.externalHost }),
    faultBody: envelopeFor,
  });
};
