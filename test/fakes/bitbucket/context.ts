import { canSeeProject, canSeeRepo, type Principal } from "./auth.ts";
import { EXCEPTIONS, fail, notPermitted } from "./http.ts";
import type { Project, Repo, Store } from "./model.ts";
import type { PagingOptions } from "./paging.ts";
import type { Site } from "./render.ts";

export interface ContentOptions {
  /** What `raw`/`browse`/`files` answer in a repository without commits (unverified on real DC). */
  emptyRepo?: "no-such-commit" | "no-such-path";
  /** Longest line `browse` returns before truncating it. */
  maxLineLength?: number;
}

export interface Limits {
  /** Cap for projects and repositories pages (admin `page.max.*`); default 1000. */
  maxLimit: number;
  changes: number;
  commits: number;
  files: number;
  lines: number;
}

/** Everything a REST handler needs for one request. */
export interface Ctx {
  store: Store;
  site: Site;
  principal: Principal;
  query: URLSearchParams;
  body: string;
  paging: PagingOptions;
  limits: Limits;
  content: ContentOptions;
  /** What GET /application-properties reports, e.g. "8.7.2" for a server before project webhooks. */
  version: string;
  now: () => number;
}

export function findProject(ctx: Ctx, key: string): Project {
  const project = ctx.store.projects.get(key);
  if (!project) return fail(404, `Project ${key} does not exist.`, EXCEPTIONS.noSuchProject);
  if (!canSeeProject(ctx.principal, project)) return notPermitted();
  return project;
}

export function findRepo(ctx: Ctx, key: string, slug: string): Repo {
  const project = ctx.store.projects.get(key);
  if (!project) return fail(404, `Project ${key} does not exist.`, EXCEPTIONS.noSuchProject);
  const repo = ctx.store.repo(key, slug);
  if (!repo) return fail(404, `Repository ${key}/${slug} does not exist.`, EXCEPTIONS.noSuchRepository);
  if (!canSeeRepo(ctx.principal, project, repo)) return notPermitted();
  return repo;
}
