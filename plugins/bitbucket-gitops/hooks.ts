import * as v from "valibot";
import { perInvocation, type PluginContext } from "../../src/plugin.ts";
import { HttpError } from "../../src/runtime/http.ts";
import type { BitbucketClient } from "./client.ts";
import { WebhookSchema } from "./schemas.ts";
import type { BitbucketSettings } from "./settings.ts";

/** Pull request events the plugin acts on; `pr:reviewer:*` change reviewers' status. */
export const PULL_REQUEST_EVENTS = [
  "pr:opened",
  "pr:modified",
  "pr:merged",
  "pr:declined",
  "pr:deleted",
  "pr:reviewer:updated",
  "pr:reviewer:approved",
  "pr:reviewer:unapproved",
  "pr:reviewer:needs_work",
];
export const PROJECT_EVENTS = ["project:modified"];

/** What the plugin acts on; pings need no subscription. */
export const EVENTS = ["repo:refs_changed", "repo:modified", ...PULL_REQUEST_EVENTS, ...PROJECT_EVENTS];
/** Repository webhooks cannot hear project events. */
const REPO_EVENTS = EVENTS.filter((e) => !PROJECT_EVENTS.includes(e));

const DENIED_KEY = "bitbucket-gitops:hooks-denied";
const PROJECT_HOOKS_KEY = "bitbucket-gitops:project-hooks";

export const webhookUrl = (appHost: string) => `${appHost}/webhooks/bitbucket-gitops`;

const VersionSchema = v.looseObject({ version: v.string() });

/**
 * Project webhooks (which cover every repository, those created later too) exist from Bitbucket
 * 8.8; before it each repository needs its own. Asked once per tick or webhook.
 */
export function projectHooksSupported(ctx: PluginContext<BitbucketSettings>, client: BitbucketClient): Promise<boolean> {
  return perInvocation(ctx.cache, PROJECT_HOOKS_KEY, async () => {
    try {
      const [major = 0, minor = 0] = (await client.get("/application-properties", VersionSchema)).version.split(".").map(Number);
      return major > 8 || (major === 8 && minor >= 8);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      ctx.log.warn("webhook.version.unknown", { error: err.message });
      return true;
    }
  });
}

const registering = (ctx: PluginContext<BitbucketSettings>) =>
  Boolean(ctx.settings.appHost && ctx.settings.webhookSecret && !ctx.cache.get(DENIED_KEY));

/**
 * Make sure `path` (a project's or a repository's webhooks) has one webhook to this deployment
 * with every event in `events`: created when missing, its events completed when an older version
 * registered fewer. Registering needs PROJECT_ADMIN (REPO_ADMIN for a repository); without it the
 * listing goes on and the webhook is left to an administrator.
 */
async function ensureHook(ctx: PluginContext<BitbucketSettings>, client: BitbucketClient, path: string, events: string[], where: Record<string, string>) {
  const url = webhookUrl(ctx.settings.appHost!);
  const body = (subscribed: string[]) => ({
    name: "portside",
    url,
    events: [...new Set([...subscribed, ...events])],
    active: true,
    configuration: { secret: ctx.settings.webhookSecret },
  });
  try {
    for (let start: number | null = 0; start !== null; ) {
      const page = await client.list(path, start);
      const ours = page.values.map((value) => v.parse(WebhookSchema, value)).find((hook) => hook.url === url);
      if (ours) {
        if (events.every((e) => ours.events.includes(e))) return;
        await client.send(`${path}/${ours.id}`, { method: "PUT", body: body(ours.events) });
        ctx.log.info("webhook.updated", { ...where, url });
        return;
      }
      start = page.next;
    }
    await client.send(path, { method: "POST", body: body([]) });
    ctx.log.info("webhook.registered", { ...where, url });
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    if (err.status === 401 || err.status === 403) ctx.cache.set(DENIED_KEY, true);
    ctx.log.warn("webhook.register.failed", { ...where, error: err.message });
  }
}

/**
 * Every walk that reaches a project or repository asks for its webhook (the file, repository and
 * pull-request walks all visit them): the first to ask in a tick checks, the others share its answer.
 */
const once = (ctx: PluginContext<BitbucketSettings>, path: string, ensure: () => Promise<void>) =>
  perInvocation(ctx.cache, `bitbucket-gitops:hook:${path}`, ensure);

/** With APP_HOST and a secret, a webhook to this deployment in the project (Bitbucket 8.8 and later). */
export async function ensureProjectWebhook(ctx: PluginContext<BitbucketSettings>, client: BitbucketClient, key: string): Promise<void> {
  if (!registering(ctx) || key.startsWith("~") || !(await projectHooksSupported(ctx, client))) return;
  const path = `/projects/${encodeURIComponent(key)}/webhooks`;
  await once(ctx, path, () => ensureHook(ctx, client, path, EVENTS, { project: key }));
}

/**
 * Before Bitbucket 8.8: a webhook in each repository instead (personal ones included), asked for
 * by the walks that visit repositories one by one (files, pull requests).
 */
export async function ensureRepoWebhook(ctx: PluginContext<BitbucketSettings>, client: BitbucketClient, key: string, slug: string): Promise<void> {
  if (!registering(ctx) || (await projectHooksSupported(ctx, client))) return;
  const path = `/projects/${encodeURIComponent(key)}/repos/${encodeURIComponent(slug)}/webhooks`;
  await once(ctx, path, () => ensureHook(ctx, client, path, REPO_EVENTS, { project: key, repository: slug }));
}
