import * as v from "valibot";
import type { PluginContext } from "../../src/plugin.ts";
import { HttpError } from "../../src/runtime/http.ts";
import type { BitbucketClient } from "./client.ts";
import { WebhookSchema } from "./schemas.ts";
import type { BitbucketSettings } from "./settings.ts";

/** What the plugin acts on; pings need no subscription. */
export const EVENTS = ["repo:refs_changed", "repo:modified"];

const DENIED_KEY = "bitbucket-gitops:hooks-denied";

export const webhookUrl = (appHost: string) => `${appHost}/webhooks/bitbucket-gitops`;

/**
 * With APP_HOST and a secret, make sure the project has a webhook to this deployment (project
 * webhooks cover every repository in it, those created later too). Registering needs
 * PROJECT_ADMIN; without it the listing goes on and the webhook is left to an administrator.
 */
export async function ensureProjectWebhook(ctx: PluginContext<BitbucketSettings>, client: BitbucketClient, key: string): Promise<void> {
  const { appHost, webhookSecret } = ctx.settings;
  if (!appHost || !webhookSecret || key.startsWith("~") || ctx.cache.get(DENIED_KEY)) return;
  const url = webhookUrl(appHost);
  const path = `/projects/${encodeURIComponent(key)}/webhooks`;
  try {
    for (let start: number | null = 0; start !== null; ) {
      const page = await client.list(path, start);
      if (page.values.some((value) => v.parse(WebhookSchema, value).url === url)) return;
      start = page.next;
    }
    await client.send(path, {
      method: "POST",
      body: { name: "portside", url, events: EVENTS, active: true, configuration: { secret: webhookSecret } },
    });
    ctx.log.info("webhook.registered", { project: key, url });
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    if (err.status === 401 || err.status === 403) ctx.cache.set(DENIED_KEY, true);
    ctx.log.warn("webhook.register.failed", { project: key, error: err.message });
  }
}
