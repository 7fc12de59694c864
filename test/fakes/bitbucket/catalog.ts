import { canSeeProject, canSeeRepo, requireUnscoped } from "./auth.ts";
import { findProject, findRepo, type Ctx } from "./context.ts";
import { EXCEPTIONS, fail, json } from "./http.ts";
import type { Project, Repo } from "./model.ts";
import { page, pageRequest } from "./paging.ts";
import { renderProject, renderRepo } from "./render.ts";

const PERMISSIONS = [
  "PROJECT_VIEW",
  "PROJECT_READ",
  "PROJECT_WRITE",
  "PROJECT_ADMIN",
  "REPO_READ",
  "REPO_WRITE",
  "REPO_ADMIN",
];

const contains = (haystack: string, needle: string | null) =>
  !needle || haystack.toLowerCase().includes(needle.toLowerCase());

function checkPermission(ctx: Ctx, allowed: string[]) {
  const permission = ctx.query.get("permission");
  if (permission && !allowed.includes(permission))
    fail(400, `The permission "${permission}" is not related to this resource.`, EXCEPTIONS.validation, "permission");
}

/** Page first, render only the page: listings over thousands of repositories stay cheap. */
function rendered<T>(ctx: Ctx, all: T[], render: (item: T) => unknown) {
  const p = page(all, pageRequest(ctx.query, 25, ctx.limits.maxLimit), ctx.paging, "generic");
  return { ...p, values: p.values.map(render) };
}

/** GET /projects: only viewable, non-personal projects. */
export function listProjects(ctx: Ctx): Response {
  requireUnscoped(ctx.principal);
  checkPermission(ctx, PERMISSIONS.filter((p) => p.startsWith("PROJECT_")));
  const name = ctx.query.get("name");
  const values = ctx.store
    .allProjects()
    .filter((p) => p.type === "NORMAL" && canSeeProject(ctx.principal, p) && contains(p.name, name));
  return json(rendered(ctx, values, (p) => renderProject(ctx.site, p)));
}

export function getProject(ctx: Ctx, key: string): Response {
  return json(renderProject(ctx.site, findProject(ctx, key)));
}

export function projectRepos(ctx: Ctx, key: string): Response {
  const project = findProject(ctx, key);
  const values = ctx.store
    .reposOf(project.key)
    .filter((r) => canSeeRepo(ctx.principal, project, r));
  return json(rendered(ctx, values, (r) => renderRepo(ctx.site, ctx.store, r)));
}

export function getRepo(ctx: Ctx, key: string, slug: string): Response {
  return json(renderRepo(ctx.site, ctx.store, findRepo(ctx, key, slug)));
}

function repoFilter(ctx: Ctx): (r: Repo, p: Project) => boolean {
  const q = ctx.query;
  const archived = (q.get("archived") ?? "ACTIVE").toUpperCase();
  if (!["ACTIVE", "ARCHIVED", "ALL"].includes(archived))
    fail(400, `"${archived}" is not a valid archived filter.`, EXCEPTIONS.validation, "archived");
  const visibility = q.get("visibility")?.toLowerCase();
  if (visibility && !["public", "private"].includes(visibility))
    fail(400, `"${visibility}" is not a valid visibility.`, EXCEPTIONS.validation, "visibility");
  const state = q.get("state")?.toUpperCase();
  const projectKey = q.get("projectkey");
  return (r, p) =>
    contains(r.name, q.get("name")) &&
    contains(p.name, q.get("projectname")) &&
    (!projectKey || p.key.toLowerCase() === projectKey.toLowerCase()) &&
    (!visibility || (visibility === "public") === (r.public || p.public)) &&
    (!state || r.state === state) &&
    (archived === "ALL" || r.archived === (archived === "ARCHIVED"));
}

/** GET /repos: cross-project search; `archived` defaults to ACTIVE (8.0+). */
export function searchRepos(ctx: Ctx): Response {
  requireUnscoped(ctx.principal);
  checkPermission(ctx, PERMISSIONS.filter((p) => p.startsWith("REPO_")));
  const keep = repoFilter(ctx);
  const values = ctx.store
    .allRepos()
    .filter((r) => {
      const p = ctx.store.projects.get(r.projectKey)!;
      return canSeeRepo(ctx.principal, p, r) && keep(r, p);
    });
  return json(rendered(ctx, values, (r) => renderRepo(ctx.site, ctx.store, r)));
}
