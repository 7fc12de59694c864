/** `GET /users`, `GET /users/current` (`src/server/v2.0/handler/user.go`). */
import { isAuthenticated } from "./auth.ts";
import { forbidden, jsonResponse, precondition, unauthorized } from "./http.ts";
import { userModel } from "./models.ts";
import { parsePaging } from "./paging.ts";
import { renderUser } from "./render.ts";
import { listResponse } from "./router.ts";
import type { Ctx, Route } from "./router.ts";

/** RequireSystemAccess(list, user): robots need the `user:list` permission (v2.10+). */
function requireUserList(c: Ctx): void {
  const who = c.who;
  if (!isAuthenticated(who)) throw unauthorized();
  if (who.kind === "user" && who.user.admin) return;
  if (who.kind === "robot" && who.robot.level === "system" && who.robot.permissions.has("user:list")) return;
  throw forbidden(who.kind === "user" ? who.user.username : who.kind === "robot" ? who.robot.name : "");
}

function listUsers(c: Ctx): Response {
  parsePaging(c.query);
  requireUserList(c);
  // The undocumented `username=` / `email=` parameters are fuzzy filters.
  const fuzzy = ["username", "email"].map((k) => [k, c.query.get(k) ?? ""] as const).filter(([, v]) => v);
  const users = [...c.store.users.values()].filter((u) =>
    fuzzy.every(([k, v]) => (k === "username" ? u.username : u.email).toLowerCase().includes(v.toLowerCase())),
  );
  return listResponse(c, `users|${fuzzy.map(([k, v]) => `${k}=${v}`).join("&")}`, () => users, userModel, renderUser);
}

function currentUser(c: Ctx): Response {
  const who = c.who;
  if (!isAuthenticated(who)) throw unauthorized();
  if (who.kind !== "user") throw precondition("get current user not available for security context: robot");
  return jsonResponse(renderUser(who.user), c.requestId);
}

export const userRoutes: Route[] = [
  { method: "GET", path: "/users", handle: listUsers },
  { method: "GET", path: "/users/current", handle: currentUser },
];
