/** Repository endpoints (`src/server/v2.0/handler/repository.go`). */
import { isSysAdmin, listable, requireProjectAccess } from "./auth.ts";
import { jsonResponse, notFound } from "./http.ts";
import { repositoryModel } from "./models.ts";
import { parsePaging } from "./paging.ts";
import { renderRepository } from "./render.ts";
import { listResponse, pathUnescape } from "./router.ts";
import type { Ctx, Route } from "./router.ts";

function listAll(c: Ctx): Response {
  parsePaging(c.query);
  const who = c.who;
  const projects = [...c.store.projects.values()].filter((p) => isSysAdmin(who) || listable(who, p));
  const scope = `repos|${projects.map((p) => p.id).join(",")}`;
  return listResponse(c, scope, () => projects.flatMap((p) => p.repos), repositoryModel, renderRepository);
}

function listInProject(c: Ctx): Response {
  parsePaging(c.query);
  const project = c.store.projectsByName.get(c.params.project_name!);
  requireProjectAccess(c.who, project, "repository", "list");
  if (!project) throw notFound(`project ${c.params.project_name} not found`);
  return listResponse(c, `repos|${project.id}`, () => project.repos, repositoryModel, renderRepository);
}

/** `{project}/{double-decoded repository_name}`, as the handlers rebuild the full path. */
export function repoPath(c: Ctx): string {
  return `${c.params.project_name}/${pathUnescape(c.params.repository_name!)}`;
}

function getOne(c: Ctx): Response {
  const project = c.store.projectsByName.get(c.params.project_name!);
  requireProjectAccess(c.who, project, "repository", "read");
  const name = repoPath(c);
  const repo = c.store.reposByName.get(name);
  if (!repo) throw notFound(`repository ${name} not found`);
  return jsonResponse(renderRepository(repo), c.requestId);
}

export const repositoryRoutes: Route[] = [
  { method: "GET", path: "/repositories", handle: listAll },
  { method: "GET", path: "/projects/{project_name}/repositories", handle: listInProject },
  { method: "GET", path: "/projects/{project_name}/repositories/{repository_name}", handle: getOne },
];
