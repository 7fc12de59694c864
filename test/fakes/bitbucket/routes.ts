import { getProject, getRepo, listProjects, projectRepos, searchRepos } from "./catalog.ts";
import { findRepo, type Ctx } from "./context.ts";
import * as content from "./content.ts";
import { error, EXCEPTIONS, json } from "./http.ts";
import { getPull, listPulls, listUsers } from "./pulls.ts";
import type { Sender } from "./sender.ts";
import { createHook, deleteHook, getHook, hookScope, listHooks, testHook, updateHook } from "./webhooks.ts";

type Handler = (ctx: Ctx, params: string[], sender: Sender) => Response | Promise<Response>;

const P = "projects/([^/]+)";
const R = `${P}/repos/([^/]+)`;

/** Route table over the part after /rest/api/{1.0|latest}/; the first match wins. */
const ROUTES: [string, RegExp, Handler][] = [
  ["GET", /^application-properties$/, (ctx) => applicationProperties(ctx.version)],
  ["GET", /^users$/, (ctx) => listUsers(ctx)],
  ["GET", /^projects$/, (ctx) => listProjects(ctx)],
  ["GET", /^repos$/, (ctx) => searchRepos(ctx)],
  ["GET", re(`${P}/webhooks`), (ctx, [k]) => listHooks(ctx, hookScope(ctx, k!))],
  ["POST", re(`${P}/webhooks`), (ctx, [k]) => createHook(ctx, hookScope(ctx, k!))],
  ["POST", re(`${P}/webhooks/test`), (ctx, [k], s) => testHook(ctx, hookScope(ctx, k!), s)],
  ["GET", re(`${P}/webhooks/(\\d+)`), (ctx, [k, id]) => getHook(ctx, hookScope(ctx, k!), id!)],
  ["PUT", re(`${P}/webhooks/(\\d+)`), (ctx, [k, id]) => updateHook(ctx, hookScope(ctx, k!), id!)],
  ["DELETE", re(`${P}/webhooks/(\\d+)`), (ctx, [k, id]) => deleteHook(ctx, hookScope(ctx, k!), id!)],
  ["GET", re(`${R}/webhooks`), (ctx, [k, r]) => listHooks(ctx, hookScope(ctx, k!, r!))],
  ["POST", re(`${R}/webhooks`), (ctx, [k, r]) => createHook(ctx, hookScope(ctx, k!, r!))],
  ["POST", re(`${R}/webhooks/test`), (ctx, [k, r], s) => testHook(ctx, hookScope(ctx, k!, r!), s)],
  ["GET", re(`${R}/webhooks/(\\d+)`), (ctx, [k, r, id]) => getHook(ctx, hookScope(ctx, k!, r!), id!)],
  ["PUT", re(`${R}/webhooks/(\\d+)`), (ctx, [k, r, id]) => updateHook(ctx, hookScope(ctx, k!, r!), id!)],
  ["DELETE", re(`${R}/webhooks/(\\d+)`), (ctx, [k, r, id]) => deleteHook(ctx, hookScope(ctx, k!, r!), id!)],
  ["GET", re(P), (ctx, [k]) => getProject(ctx, k!)],
  ["GET", re(`${P}/repos`), (ctx, [k]) => projectRepos(ctx, k!)],
  ["GET", re(R), (ctx, [k, r]) => getRepo(ctx, k!, r!)],
  ["GET", re(`${R}/pull-requests`), (ctx, [k, r]) => listPulls(ctx, k!, r!)],
  ["GET", re(`${R}/pull-requests/(\\d+)`), (ctx, [k, r, id]) => getPull(ctx, k!, r!, id!)],
  ["GET", re(`${R}/default-branch`), (ctx, [k, r]) => content.defaultBranch(findRepo(ctx, k!, r!))],
  ["GET", re(`${R}/branches/default`), (ctx, [k, r]) => content.branchesDefault(findRepo(ctx, k!, r!))],
  ["GET", re(`${R}/branches`), (ctx, [k, r]) => content.branches(ctx, findRepo(ctx, k!, r!))],
  ["GET", re(`${R}/raw/(.+)`), (ctx, [k, r, path]) => content.raw(ctx, findRepo(ctx, k!, r!), path!)],
  ["GET", re(`${R}/browse(?:/(.*))?`), (ctx, [k, r, path]) => content.browse(ctx, findRepo(ctx, k!, r!), path!)],
  ["GET", re(`${R}/files(?:/(.*))?`), (ctx, [k, r, path]) => content.files(ctx, findRepo(ctx, k!, r!), path!)],
  ["GET", re(`${R}/compare/changes`), (ctx, [k, r]) => content.compareChanges(ctx, findRepo(ctx, k!, r!))],
  ["GET", re(`${R}/commits/([^/]+)/changes`), (ctx, [k, r, id]) =>
    content.commitChanges(ctx, findRepo(ctx, k!, r!), id!)],
  ["GET", re(`${R}/commits`), (ctx, [k, r]) => content.commits(ctx, findRepo(ctx, k!, r!))],
  ["GET", re(`${R}/commits/([^/]+)`), (ctx, [k, r, id]) => content.getCommit(findRepo(ctx, k!, r!), id!)],
];

/** `9.4.0` → build number 9004000, as DC numbers its builds. */
function applicationProperties(version: string): Response {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
  const buildNumber = String(major * 1_000_000 + minor * 1000 + patch);
  return json({ version, buildNumber, buildDate: "1735689600000", displayName: "Bitbucket" });
}

function re(source: string): RegExp {
  return new RegExp(`^${source}$`);
}

/** Dispatch `rest` (stripped of the API prefix, still URL-encoded); absent optional groups become "". */
export async function dispatch(method: string, rest: string, ctx: Ctx, sender: Sender): Promise<Response> {
  let pathMatched = false;
  for (const [m, pattern, handler] of ROUTES) {
    const match = pattern.exec(rest);
    if (!match) continue;
    pathMatched = true;
    if (m !== method) continue;
    return handler(ctx, match.slice(1).map((p) => (p === undefined ? "" : decodeURIComponent(p))), sender);
  }
  return pathMatched
    ? error(405, `Method ${method} is not supported by this resource.`, EXCEPTIONS.methodNotAllowed)
    : error(404, `No resource at /${rest}.`, EXCEPTIONS.noSuchEntity);
}
