import { requirePermission } from "./auth.ts";
import { findProject, findRepo, type Ctx } from "./context.ts";
import { EXCEPTIONS, fail, json, noContent } from "./http.ts";
import type { Webhook } from "./model.ts";
import { page, pageRequest } from "./paging.ts";
import { renderWebhook } from "./render.ts";
import { EVENT_KEYS, type Sender } from "./sender.ts";

export interface HookScope {
  project: string;
  repoId?: number;
}

/** Resolve the path's scope; repo hooks need REPO_ADMIN, project hooks PROJECT_ADMIN. */
export function hookScope(ctx: Ctx, key: string, slug?: string): HookScope {
  const scope = slug === undefined ? { project: findProject(ctx, key).key } : { project: key, repoId: findRepo(ctx, key, slug).id };
  requirePermission(ctx.principal, "ADMIN");
  return scope;
}

const invalid = (context: string, message: string): never => fail(400, message, EXCEPTIONS.validation, context);

/** A webhook as a client writes it: the server adds the id, the dates and where it hangs. */
type HookInput = Omit<Webhook, "id" | "createdDate" | "updatedDate" | "scope">;

function parseHook(body: string): HookInput {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(body);
  } catch {
    return fail(400, "The request body is not valid JSON.", EXCEPTIONS.validation);
  }
  if (typeof raw !== "object" || raw === null) return invalid("name", "A webhook must be a JSON object.");
  const name = raw.name;
  if (typeof name !== "string" || !name.trim()) return invalid("name", "A name is required.");
  const url = raw.url;
  if (typeof url !== "string" || !/^https?:\/\/\S+$/.test(url)) return invalid("url", "The URL must be a valid http(s) URL.");
  const events = raw.events;
  if (!Array.isArray(events) || events.length === 0) return invalid("events", "At least one event is required.");
  for (const e of events)
    if (typeof e !== "string" || !EVENT_KEYS.has(e)) return invalid("events", `The event "${String(e)}" is unknown.`);
  const configuration = (raw.configuration ?? {}) as Record<string, unknown>;
  const credentials = raw.credentials as HookInput["credentials"];
  return {
    name,
    url,
    events: [...new Set(events as string[])],
    active: raw.active !== false,
    configuration: typeof configuration === "object" && configuration ? configuration : {},
    ...(credentials ? { credentials } : {}),
    sslVerificationRequired: raw.sslVerificationRequired !== false,
  };
}

function findHook(ctx: Ctx, scope: HookScope, id: string): Webhook {
  const hook = ctx.store.webhooks.get(Number(id));
  if (!hook || hook.scope.project !== scope.project || hook.scope.repoId !== scope.repoId)
    return fail(404, `No webhook with id ${id} exists.`, EXCEPTIONS.noSuchWebhook);
  return hook;
}

export function listHooks(ctx: Ctx, scope: HookScope): Response {
  const event = ctx.query.get("event");
  const hooks = [...ctx.store.webhooks.values()]
    .filter((w) => w.scope.project === scope.project && w.scope.repoId === scope.repoId)
    .filter((w) => !event || w.events.includes(event))
    .map(renderWebhook);
  return json(page(hooks, pageRequest(ctx.query, 25, ctx.limits.maxLimit), ctx.paging, "generic"));
}

export function createHook(ctx: Ctx, scope: HookScope): Response {
  const input = parseHook(ctx.body);
  const now = ctx.now();
  const hook: Webhook = { id: ctx.store.nextWebhookId++, ...input, createdDate: now, updatedDate: now, scope };
  ctx.store.webhooks.set(hook.id, hook);
  return json(renderWebhook(hook));
}

export function getHook(ctx: Ctx, scope: HookScope, id: string): Response {
  return json(renderWebhook(findHook(ctx, scope, id)));
}

/** PUT replaces the whole definition; id and createdDate stay. */
export function updateHook(ctx: Ctx, scope: HookScope, id: string): Response {
  const hook = findHook(ctx, scope, id);
  const input = parseHook(ctx.body);
  const next: Webhook = { ...input, id: hook.id, createdDate: hook.createdDate, updatedDate: ctx.now(), scope };
  ctx.store.webhooks.set(hook.id, next);
  return json(renderWebhook(next));
}

export function deleteHook(ctx: Ctx, scope: HookScope, id: string): Response {
  ctx.store.webhooks.delete(findHook(ctx, scope, id).id);
  return noContent();
}

/** "Test connection": an unsigned diagnostics:ping to `url` (or a stored hook), reported back. */
export async function testHook(ctx: Ctx, scope: HookScope, sender: Sender): Promise<Response> {
  const id = ctx.query.get("webhookId");
  const stored = id ? findHook(ctx, scope, id) : undefined;
  const url = ctx.query.get("url") ?? stored?.url;
  if (!url) return invalid("url", "A URL is required.");
  const target = { url, configuration: {}, credentials: stored?.credentials };
  const d = await sender.request(target, "diagnostics:ping", JSON.stringify({ test: true }), false);
  const result = await sender.send(d, "diagnostics:ping");
  return json({
    request: { url, method: "POST", headers: d.headers, body: d.body },
    response: result.status === undefined ? undefined : { statusCode: result.status },
  });
}
