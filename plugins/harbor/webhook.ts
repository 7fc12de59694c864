import * as v from "valibot";
import type { PluginContext, RawChanges, WebhookDecision, WebhookHandler } from "../../src/plugin.ts";
import { secureEqual } from "../../src/runtime/secure-compare.ts";
import { harborClient, type HarborClient } from "./client.ts";
import { parseEvent, type ArtifactEvent } from "./events.ts";
import { RepositorySchema } from "./schemas.ts";
import type { HarborSettings } from "./settings.ts";

const reject = (status: 400 | 401, message: string): WebhookDecision => ({ action: "reject", status, message });

const short = (digest: string) => digest.slice(digest.indexOf(":") + 1, digest.indexOf(":") + 13);

/** The repository as the resync lists it (same endpoint, same fields), or undefined when it is gone. */
async function readRepository(client: HarborClient, event: ArtifactEvent): Promise<unknown> {
  const { items } = await client.list(`/projects/${encodeURIComponent(event.project)}/repositories`, {
    query: { q: `name=${event.repository}`, page: 1, page_size: 10 },
  });
  const found = items.map((item) => v.parse(RepositorySchema, item)).find((r) => r.name === event.repository);
  return found && { ...found, project_name: event.project };
}

/**
 * Whatever the event type, read the artifact back and write what Harbor holds now: present means
 * upsert, a 404 means gone. So a late or repeated delivery can never undo a newer state, and a
 * delete arriving after the digest was pushed again refreshes it instead of removing it.
 */
async function applyEvent(ctx: PluginContext<HarborSettings>, event: ArtifactEvent): Promise<RawChanges> {
  const client = harborClient(ctx);
  const [artifacts, repository] = await Promise.all([
    Promise.all(event.digests.map(async (digest) => ({ digest, artifact: await client.artifact(event.repository, digest) }))),
    readRepository(client, event),
  ]);
  const gone = artifacts.filter((a) => a.artifact === undefined).map((a) => a.digest);
  // Harbor answers wrong credentials as anonymous: a 404 means "gone" only once they are known good.
  if (gone.length > 0) await client.identity();

  const changes: RawChanges = { upserts: [], deletes: [] };
  // A repository found missing is left to the resync: deleting it would take its artifacts along.
  if (repository) changes.upserts.push({ kind: "repository", items: [repository] });
  const live = artifacts.flatMap((a) => (a.artifact ? [{ ...a.artifact, project_name: event.project }] : []));
  if (live.length > 0) changes.upserts.push({ kind: "artifact", items: live });
  if (gone.length > 0) {
    const items = gone.map((digest) => ({ digest, repository_name: event.repository, project_name: event.project, tags: [], labels: [], references: [], accessories: [] }));
    changes.deletes.push({ kind: "artifact", items });
  }
  ctx.log.info("webhook.artifact", { type: event.type, repository: event.repository, live: live.length, gone: gone.length, repositoryFound: Boolean(repository) });
  return changes;
}

/**
 * Harbor signs nothing: its policy's Auth Header arrives verbatim as Authorization, and must equal
 * HARBOR_WEBHOOK_SECRET as a whole (a secret "Bearer x" is sent and compared as "Bearer x").
 */
export const harborWebhook: WebhookHandler<HarborSettings> = {
  async accept(request, body, settings) {
    const secret = settings.webhookSecret;
    // 401, the one status for refused webhook authentication, even when there is no secret to match.
    if (!secret) {
      return reject(401, "HARBOR_WEBHOOK_SECRET is not set, so deliveries are refused: set it (wrangler secret put HARBOR_WEBHOOK_SECRET) and give the same value as the webhook policy's Auth Header");
    }
    const header = request.headers.get("authorization");
    if (header === null) return reject(401, "Authorization is missing: set the webhook policy's Auth Header to HARBOR_WEBHOOK_SECRET");
    if (!(await secureEqual(header, secret))) return reject(401, "Authorization does not match HARBOR_WEBHOOK_SECRET");

    const parsed = parseEvent(body);
    if (!parsed.ok) return reject(400, parsed.reason);
    if ("ignored" in parsed) return { action: "ignore", message: parsed.ignored };
    const { event } = parsed;
    const names = event.digests.map((d) => `${event.repository}@${short(d)}`).join(", ");
    return {
      action: "apply",
      message: `${event.type} ${names}${event.tag ? ` (${event.tag})` : ""}`,
      key: event.key,
      apply: (ctx) => applyEvent(ctx, event),
    };
  },
};
