/**
 * Security contexts (`src/server/middleware/security/*`) and the RBAC checks of `BaseAPI`.
 * Credentials that do not verify fall back to anonymous instead of failing the request.
 */
import { forbidden, unauthorized } from "./http.ts";
import type { Project, Robot, Role, Store, User } from "./store.ts";

export type Principal = { kind: "anonymous" } | { kind: "user"; user: User } | { kind: "robot"; robot: Robot };

export const ROBOT_PREFIX = "robot$";

function basicCredentials(header: string | null): [string, string] | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!m) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(m[1]!), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const at = decoded.indexOf(":");
  return at < 0 ? undefined : [decoded.slice(0, at), decoded.slice(at + 1)];
}

export function authenticate(store: Store, req: Request): Principal {
  const creds = basicCredentials(req.headers.get("authorization"));
  if (!creds) return { kind: "anonymous" };
  const [name, password] = creds;
  if (name.startsWith(ROBOT_PREFIX)) {
    const robot = store.robots.get(name);
    return robot && robot.secret === password ? { kind: "robot", robot } : { kind: "anonymous" };
  }
  const user = store.usersByName.get(name);
  return user && user.password === password ? { kind: "user", user } : { kind: "anonymous" };
}

export const isAuthenticated = (p: Principal) => p.kind !== "anonymous";
export const isSysAdmin = (p: Principal) => p.kind === "user" && p.user.admin;

export function robotCovers(robot: Robot, projectName: string): boolean {
  return robot.projects === undefined || robot.projects.has(projectName);
}

export function roleOf(p: Principal, project: Project): Role | undefined {
  return p.kind === "user" ? project.members.get(p.user.id) : undefined;
}

/** Actions each project role may take on notification policies (`src/common/rbac/project/rbac_role.go`). */
const policyActions: Partial<Record<Role, string[]>> = {
  projectAdmin: ["list", "read", "create", "update", "delete"],
  maintainer: ["list", "read"],
};

/**
 * `resource` is an RBAC resource such as `repository`, `artifact`, `notification-policy`.
 * Anyone may read a public project's content; members may read any of it; policies need a role.
 */
export function can(p: Principal, project: Project | undefined, resource: string, action: string): boolean {
  if (isSysAdmin(p)) return true;
  if (!project) return false;
  const readOnly = action === "list" || action === "read";
  const content = resource !== "notification-policy";
  if (p.kind === "robot") {
    if (!robotCovers(p.robot, project.name)) return project.public && content && readOnly;
    return p.robot.permissions.has(`${resource}:${action}`) || (project.public && content && readOnly);
  }
  if (content && readOnly && project.public) return true;
  const role = roleOf(p, project);
  if (!role) return false;
  return content ? readOnly || role !== "limitedGuest" : (policyActions[role]?.includes(action) ?? false);
}

/** RequireProjectAccess: 401 for anonymous, 403 otherwise, also when the project does not exist. */
export function requireProjectAccess(p: Principal, project: Project | undefined, resource: string, action: string): void {
  if (can(p, project, resource, action)) return;
  throw isAuthenticated(p) ? forbidden() : unauthorized();
}

/** Projects a principal may list (`ListProjects`, `listAuthorizedProjectIDs`). */
export function listable(p: Principal, project: Project): boolean {
  if (project.public || isSysAdmin(p)) return true;
  if (p.kind === "user") return project.members.has(p.user.id);
  if (p.kind === "robot") return robotCovers(p.robot, project.name);
  return false;
}
