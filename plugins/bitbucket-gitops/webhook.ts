import * as v from "valibot";
import type { Json, PluginContext, RawChanges, WebhookDecision, WebhookHandler } from "../../src/plugin.ts";
import { HttpError } from "../../src/runtime/http.ts";
import { secureEqual } from "../../src/runtime/secure-compare.ts";
import { bitbucketClient, type BitbucketClient } from "./client.ts";
import { acceptServerEvent, applyMoved, applyServerEvent, issueText, merge } from "./events.ts";
import { describeRepo, readRepoFile, repoRef, type RawFile, type RepoRef } from "./files.ts";
import { CommitSchema, DefaultBranchSchema, ModifiedSchema, PageSchema, RefsChangedSchema, type Modified, type RefsChanged } from "./schemas.ts";
import type { BitbucketSettings } from "./settings.ts";

const ZERO_HASH = /^0+$/;
const NO_SUCH_COMMIT = /NoSuchCommitException$/;
const KIND = "file";

const encoder = new TextEncoder();

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Over the bytes as received: decoding to text and encoding again replaces bytes that are not
 * UTF-8, so an authentic delivery carrying them would no longer match its signature.
 */
async function hmacHex(secret: string, raw: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return hex(await crypto.subtle.sign("HMAC", key, raw));
}

const inFilter = (settings: BitbucketSettings, key: string) =>
  !settings.projects?.length || settings.projects.includes(key.startsWith("~") ? key : key.toUpperCase());

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** An accepted event as it waits on a queue: the payload parsed again when it is applied. */
const QueuedEvent = v.object({ eventKey: v.string(), payload: v.unknown() });

const reject = (status: 400 | 401, message: string): WebhookDecision => ({ action: "reject", status, message });

/** Entities the file at `before` declared that the file at `after` no longer mentions at all. */
function removed(before: RawFile, stillDeclared: { identifier: string; blueprint: string }[]): RawFile {
  const kept = new Set(stillDeclared.map((e) => `${e.blueprint}\u0000${e.identifier}`));
  return { ...before, content: before.content.filter((e) => !kept.has(`${e.blueprint}\u0000${e.identifier}`)) };
}

/** The commit a branch points at now, or null when it has none (deleted since, or never had one). */
async function headOf(client: BitbucketClient, base: string, ref: string): Promise<string | null> {
  try {
    const page = v.parse(PageSchema, await client.send(`${base}/commits`, { query: { until: ref, limit: 1 } }));
    return page.values.length > 0 ? v.parse(CommitSchema, page.values[0]).id : null;
  } catch (err) {
    if (err instanceof HttpError && err.status === 404 && err.code && NO_SUCH_COMMIT.test(err.code)) return null;
    throw err;
  }
}

/**
 * A push: read the file at the default branch's head, and delete what the commit before the push
 * declared and the head no longer does. The head, not the event's toHash: a late retry or a
 * replayed delivery must never write content the branch has moved past, and a toHash that does not
 * exist proves nothing about the file.
 */
async function applyPush(ctx: PluginContext<BitbucketSettings>, event: RefsChanged): Promise<RawChanges> {
  const client = bitbucketClient(ctx);
  const repo = repoRef(event.repository);
  const base = `/projects/${encodeURIComponent(repo.project.key)}/repos/${encodeURIComponent(repo.slug)}`;
  const defaultRef = (await client.get(`${base}/default-branch`, DefaultBranchSchema)).id;
  const change = event.changes.find((c) => c.refId === defaultRef && c.type !== "DELETE");
  if (!change) {
    ctx.log.info("webhook.push.ignored", { repository: describeRepo(repo), reason: `no change to ${defaultRef}` });
    return { upserts: [], deletes: [] };
  }
  const head = await headOf(client, base, defaultRef);
  if (head === null) {
    ctx.log.info("webhook.push.ignored", { repository: describeRepo(repo), reason: `${defaultRef} has no commit now` });
    return { upserts: [], deletes: [] };
  }
  if (head !== change.toHash) {
    ctx.log.info("webhook.push.superseded", { repository: describeRepo(repo), toHash: change.toHash, head });
  }
  const after = await readRepoFile(client, repo, head);
  if (after.status === "invalid") {
    ctx.log.warn("webhook.push.invalid", { repository: describeRepo(repo), error: after.message });
    return { upserts: [], deletes: [] };
  }
  if (after.status === "file") {
    for (const problem of after.problems) ctx.log.warn("webhook.push.entity", { error: problem });
  }
  const changes: RawChanges = {
    upserts: after.status === "file" ? [{ kind: KIND, items: [after.item] }] : [],
    deletes: [],
  };
  if (ZERO_HASH.test(change.fromHash)) return changes;
  try {
    const before = await readRepoFile(client, repo, change.fromHash);
    if (before.status === "file") {
      const gone = removed(before.item, after.status === "file" ? after.declared : []);
      if (gone.content.length > 0) changes.deletes.push({ kind: KIND, items: [gone] });
    }
  } catch (err) {
    // The next resync deletes what this push dropped; the upserts need not wait for it.
    if (!(err instanceof HttpError)) throw err;
    ctx.log.warn("webhook.push.previous", { repository: describeRepo(repo), error: err.message });
  }
  return changes;
}

/** A rename or move: the same repository id, so the same entities; re-read under the new name. */
async function applyModified(ctx: PluginContext<BitbucketSettings>, event: Modified): Promise<RawChanges> {
  const repo: RepoRef = repoRef(event.new);
  const outcome = await readRepoFile(bitbucketClient(ctx), repo);
  if (outcome.status === "invalid") ctx.log.warn("webhook.modified.invalid", { repository: describeRepo(repo), error: outcome.message });
  return { upserts: outcome.status === "file" ? [{ kind: KIND, items: [outcome.item] }] : [], deletes: [] };
}

/**
 * Bitbucket signs with `X-Hub-Signature: sha256=<hex HMAC of the raw body>` only when the webhook
 * has a secret; without BITBUCKET_WEBHOOK_SECRET nothing but the harmless ping is accepted.
 */
export const bitbucketWebhook: WebhookHandler<BitbucketSettings> = {
  secretSetting: "webhookSecret",
  async accept(request, body, settings, raw) {
    const eventKey = request.headers.get("x-event-key") ?? "";
    // "Test connection" sends an unsigned ping even from signed webhooks; it never acts.
    if (eventKey === "diagnostics:ping") return { action: "ignore", message: "diagnostics:ping" };
    // Without a secret no sender can be authenticated: 401 like any unauthenticated delivery.
    if (!settings.webhookSecret)
      return reject(401, "BITBUCKET_WEBHOOK_SECRET is not set: give the webhook a secret in Bitbucket and set BITBUCKET_WEBHOOK_SECRET to it");
    const signature = request.headers.get("x-hub-signature")?.trim().toLowerCase();
    if (!signature) return reject(401, "X-Hub-Signature is missing: set the webhook's secret to BITBUCKET_WEBHOOK_SECRET");
    const expected = `sha256=${await hmacHex(settings.webhookSecret, raw)}`;
    if (!(await secureEqual(signature, expected))) return reject(401, "X-Hub-Signature does not match BITBUCKET_WEBHOOK_SECRET");

    const data = parseJson(body);
    if (data === undefined) return reject(400, "the body is not JSON");
    // X-Request-Id is not signed: a replay may carry any, or none. The signed body is the event.
    const key = `${eventKey}:${hex(await crypto.subtle.digest("SHA-256", raw))}`;
    if (eventKey === "repo:refs_changed") {
      const parsed = v.safeParse(RefsChangedSchema, data);
      if (!parsed.success) return reject(400, `not a repo:refs_changed payload: ${issueText(parsed.issues[0])}`);
      const event = parsed.output;
      const repo = describeRepo(repoRef(event.repository));
      if (!inFilter(settings, event.repository.project.key)) return { action: "ignore", message: `${repo} is outside BITBUCKET_PROJECTS_FILTER` };
      if (!event.changes.some((c) => c.refId.startsWith("refs/heads/") && c.type !== "DELETE"))
        return { action: "ignore", message: `push to ${repo} changes no branch` };
      // The push itself names the same commits, whatever else its body says.
      const pushKey = `push:${event.repository.id}:${event.changes.map((c) => `${c.refId}:${c.fromHash}:${c.toHash}:${c.type}`).join(",")}`;
      return { action: "apply", message: `push to ${repo}`, key: pushKey, event: { eventKey, payload: event as Json } };
    }
    if (eventKey === "repo:modified") {
      const parsed = v.safeParse(ModifiedSchema, data);
      if (!parsed.success) return reject(400, `not a repo:modified payload: ${issueText(parsed.issues[0])}`);
      const event = parsed.output;
      const repo = describeRepo(repoRef(event.new));
      if (!inFilter(settings, event.new.project.key)) return { action: "ignore", message: `${repo} is outside BITBUCKET_PROJECTS_FILTER` };
      return {
        action: "apply",
        message: `${describeRepo(repoRef(event.old))} is now ${repo}`,
        key,
        event: { eventKey, payload: event as Json },
      };
    }
    return acceptServerEvent(eventKey, data, settings, key) ?? { action: "ignore", message: `event ${eventKey || "(no X-Event-Key)"} is not used` };
  },
  async apply(event, ctx) {
    const { eventKey, payload } = v.parse(QueuedEvent, event);
    if (eventKey === "repo:refs_changed") return applyPush(ctx, v.parse(RefsChangedSchema, payload));
    if (eventKey === "repo:modified") {
      const modified = v.parse(ModifiedSchema, payload);
      return merge(...(await Promise.all([applyModified(ctx, modified), applyMoved(ctx, modified.old, modified.new)])));
    }
    const applied = applyServerEvent(ctx, eventKey, payload);
    if (!applied) throw new Error(`event ${eventKey} cannot be applied`);
    return applied;
  },
};
