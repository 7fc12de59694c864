import * as v from "valibot";
import type { PluginContext } from "../../src/plugin.ts";
import { HttpError } from "../../src/runtime/http.ts";
import { bitbucketClient, type BitbucketClient } from "./client.ts";
import { ensureProjectWebhook } from "./hooks.ts";
import { LIST_LIMIT } from "./paging.ts";
import { ProjectSchema, RepositorySchema, type Repository } from "./schemas.ts";
import { namedProjects, projectMatcher, type ProjectScopeFilter } from "./selectors.ts";
import type { BitbucketSettings } from "./settings.ts";

/**
 * The projects → repositories walk of the repository and pull-request kinds: one listing a step,
 * resumable from its cursor. Projects named by BITBUCKET_PROJECTS_FILTER or the selector's
 * `projects` are read directly (personal `~USER` ones included); otherwise /projects is listed
 * and filtered, as Ocean does.
 */
export const WalkCursor = v.object({
  /** Projects whose repositories are still to list, the current one first. */
  keys: v.array(v.string()),
  repoStart: v.number(),
  /** Start of the next /projects page, or null when none is left (or projects are named). */
  projectStart: v.nullable(v.number()),
});
export type Walk = v.InferOutput<typeof WalkCursor>;

export function startWalk(settings: BitbucketSettings, filter: ProjectScopeFilter): Walk {
  const named = namedProjects(settings, filter);
  return named ? { keys: named, repoStart: 0, projectStart: null } : { keys: [], repoStart: 0, projectStart: 0 };
}

export const walkDone = (walk: Walk) => walk.keys.length === 0 && walk.projectStart === null;

export const projectPath = (key: string) => `/projects/${encodeURIComponent(key)}`;
export const repoPath = (key: string, slug: string) => `${projectPath(key)}/repos/${encodeURIComponent(slug)}`;

/** A 404 that says the project or repository is gone, not that the call was wrong. */
export const isGone = (err: unknown) =>
  err instanceof HttpError && err.status === 404 && /NoSuch(?:Repository|Project)Exception$/.test(err.code ?? "");

/**
 * One object read back for a webhook (`read` of the project, repository and pull-request kinds),
 * as the listings return it; undefined only when Bitbucket says it is gone, never on a proxy's or a
 * wrong path's 404.
 */
export async function readObject(ctx: PluginContext<BitbucketSettings>, path: string): Promise<unknown> {
  try {
    return await bitbucketClient(ctx).get(path, v.unknown());
  } catch (err) {
    if (err instanceof HttpError && err.status === 404 && /NoSuch(?:PullRequest|Repository|Project)Exception$/.test(err.code ?? "")) return undefined;
    throw err;
  }
}

export interface Listed {
  /** As Bitbucket returned it: the items of the repository kind. */
  raw: unknown;
  repo: Repository;
}

/**
 * One listing: a page of projects (keeping the matching keys) or a page of at most `limit` of the
 * current project's repositories.
 */
export async function walkStep(
  ctx: PluginContext<BitbucketSettings>,
  client: BitbucketClient,
  walk: Walk,
  filter: ProjectScopeFilter,
  limit = LIST_LIMIT,
): Promise<{ walk: Walk; repos: Listed[] }> {
  if (walk.keys.length === 0) {
    const page = await client.list("/projects", walk.projectStart ?? 0);
    const matches = projectMatcher(ctx.settings, filter);
    const keys = page.values.map((value) => v.parse(ProjectSchema, value).key).filter(matches);
    return { walk: { keys, repoStart: 0, projectStart: page.next }, repos: [] };
  }
  const key = walk.keys[0]!;
  if (walk.repoStart === 0) await ensureProjectWebhook(ctx, client, key);
  const rest = { ...walk, keys: walk.keys.slice(1), repoStart: 0 };
  let page;
  try {
    page = await client.list(`${projectPath(key)}/repos`, walk.repoStart, { limit });
  } catch (err) {
    // A named project that does not exist has no repositories: what it held goes.
    if (!isGone(err)) throw err;
    ctx.log.warn("project.missing", { project: key });
    return { walk: rest, repos: [] };
  }
  const repos = page.values.map((raw) => ({ raw, repo: v.parse(RepositorySchema, raw) }));
  return { walk: page.next === null ? rest : { ...walk, repoStart: page.next }, repos };
}
