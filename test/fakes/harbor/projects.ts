/** `GET /projects`, `GET /projects/{project_name_or_id}` (`src/server/v2.0/handler/project.go`). */
import { isAuthenticated, listable, requireProjectAccess } from "./auth.ts";
import type { Principal } from "./auth.ts";
import { jsonResponse, notFound } from "./http.ts";
import { projectModel } from "./models.ts";
import { parsePaging } from "./paging.ts";
import { renderProject } from "./render.ts";
import { boolParam, listResponse, projectByNameOrId } from "./router.ts";
import type { Ctx, Route } from "./router.ts";
import type { Project } from "./store.ts";

function principalKey(who: Principal): string {
  return who.kind === "user" ? `u${who.user.id}` : who.kind === "robot" ? `r${who.robot.name}` : "anon";
}

function listProjects(c: Ctx): Response {
  parsePaging(c.query);
  const name = c.query.get("name");
  const owner = c.query.get("owner");
  const publicParam = c.query.get("public");
  const wantPublic = publicParam === null || publicParam === "" ? undefined : boolParam(c, "public", false);
  if (!isAuthenticated(c.who) && wantPublic === false) return jsonResponse([], c.requestId, { "x-total-count": "0" });
  const detail = boolParam(c, "with_detail", true);
  const model = projectModel((p) => c.store.users.get(p.ownerId)?.username ?? "");
  const visible = (p: Project) => {
    if (name && !p.name.toLowerCase().includes(name.toLowerCase())) return false;
    if (owner && c.store.users.get(p.ownerId)?.username !== owner) return false;
    if (wantPublic !== undefined && p.public !== wantPublic) return false;
    return listable(c.who, p);
  };
  const scope = `projects|${principalKey(c.who)}|${name ?? ""}|${owner ?? ""}|${wantPublic ?? ""}`;
  return listResponse(c, scope, () => [...c.store.projects.values()].filter(visible), model, (p) => renderProject(c.store, p, c.who, detail));
}

function getProject(c: Ctx): Response {
  const { project, label } = projectByNameOrId(c, c.params.project_name_or_id!);
  requireProjectAccess(c.who, project, "project", "read");
  if (!project) throw notFound(`project ${label} not found`);
  return jsonResponse(renderProject(c.store, project, c.who, true), c.requestId);
}

export const projectRoutes: Route[] = [
  { method: "GET", path: "/projects", handle: listProjects },
  { method: "GET", path: "/projects/{project_name_or_id}", handle: getProject },
];
