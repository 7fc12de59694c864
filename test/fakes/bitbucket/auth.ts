import { EXCEPTIONS, fail, notPermitted } from "./http.ts";
import type { Permission, Project, Repo, Store, Token, User } from "./model.ts";

/** Who is calling: a user (password or personal token), a scoped token, or nobody. */
export type Principal =
  | { kind: "anonymous" }
  | { kind: "user"; user: User; permission: Permission }
  | { kind: "scoped"; token: Token; permission: Permission };

const RANK: Record<Permission, number> = { READ: 0, WRITE: 1, ADMIN: 2 };

const badCredentials = (): never =>
  fail(401, "Authentication failed. Please check your credentials and try again.", EXCEPTIONS.badCredentials);

export function authenticate(store: Store, header: string | null): Principal {
  if (!header) return { kind: "anonymous" };
  const [scheme, value = ""] = header.split(/\s+/, 2);
  if (scheme?.toLowerCase() === "basic") {
    let decoded: string;
    try {
      decoded = atob(value);
    } catch {
      return badCredentials();
    }
    const colon = decoded.indexOf(":");
    const user = store.users.get(decoded.slice(0, colon));
    const secret = decoded.slice(colon + 1);
    if (!user || colon < 0) return badCredentials();
    if (user.password === secret) return { kind: "user", user, permission: user.permission };
    // A personal token works as a password; project/repository tokens do not (Bearer-only).
    const personal = user.tokens.find((t) => t.token === secret && !t.scope);
    if (personal) return { kind: "user", user, permission: personal.permission ?? user.permission };
    return badCredentials();
  }
  if (scheme?.toLowerCase() === "bearer") {
    for (const user of store.users.values())
      for (const t of user.tokens)
        if (t.token === value)
          return t.scope
            ? { kind: "scoped", token: t, permission: t.permission ?? "ADMIN" }
            : { kind: "user", user, permission: t.permission ?? user.permission };
    return badCredentials();
  }
  return badCredentials();
}

/** Bucket key for rate limiting; anonymous traffic is not limited per user. */
export function principalKey(p: Principal): string | undefined {
  if (p.kind === "user") return p.user.name;
  if (p.kind === "scoped") return `token:${p.token.token}`;
  return undefined;
}

export function canSeeProject(p: Principal, project: Project): boolean {
  if (project.public) return true;
  if (p.kind === "anonymous") return false;
  if (p.kind === "scoped") return p.token.scope?.project === project.key;
  if (project.type === "PERSONAL") return project.owner === p.user.name;
  return !p.user.projects || p.user.projects.includes(project.key);
}

export function canSeeRepo(p: Principal, project: Project, repo: Repo): boolean {
  if (repo.public) return true;
  if (!canSeeProject(p, project)) return false;
  return p.kind !== "scoped" || p.token.scope?.repo === undefined || p.token.scope.repo === repo.slug;
}

/** Instance-wide listings are out of reach for project/repository tokens (BSERV-19635). */
export function requireUnscoped(p: Principal) {
  if (p.kind === "scoped") notPermitted();
}

export function requirePermission(p: Principal, needed: Permission) {
  if (p.kind === "anonymous" || RANK[p.permission] < RANK[needed]) notPermitted();
}
