import type { Json, RawChanges, WebhookContext, WebhookDecision, WebhookHandler } from "../../src/plugin.ts";
import { secureEqual } from "../../src/runtime/secure-compare.ts";
import { parseEvent, queuedEvent, type ArtifactEvent } from "./events.ts";
import type { Artifact } from "./schemas.ts";
import { harborKinds, type HarborKinds } from "./kinds/index.ts";
import { artifactAdmitted, repositoryAdmitted, type ArtifactFilter } from "./selectors.ts";
import type { HarborSettings } from "./settings.ts";

type Context = WebhookContext<HarborSettings, HarborKinds>;

const reject = (status: 400 | 401, message: string): WebhookDecision => ({ action: "reject", status, message });

const short = (digest: string) => digest.slice(digest.indexOf(":") + 1, digest.indexOf(":") + 13);

/** The typed selectors of the mapping in force, one per resource of each kind the events write. */
function filtersOf(ctx: Context) {
  return { artifact: ctx.selectors("artifact"), repository: ctx.selectors("repository") };
}

/**
 * The artifact as the resync would list it for the resources whose selectors admit it (tags and
 * scan overview only if one of them asks for them), or undefined when none does. Without an
 * artifact resource the mapping writes nothing, whatever is returned.
 */
function asListed(artifact: Artifact, filters: ArtifactFilter[]): Artifact | undefined {
  if (filters.length === 0) return artifact;
  const admitting = filters.filter((f) => artifactAdmitted(f, artifact.tags ?? []));
  if (admitting.length === 0) return undefined;
  const { scan_overview: _, ...withoutScan } = artifact;
  const shaped: Artifact = admitting.some((f) => f.withScanOverview) ? artifact : withoutScan;
  return admitting.some((f) => f.withTag) ? shaped : { ...shaped, tags: null };
}

/**
 * Whatever the event type, read the artifact back and write what Harbor holds now: present means
 * upsert, a 404 means gone. So a late or repeated delivery can never undo a newer state, and a
 * delete arriving after the digest was pushed again refreshes it instead of removing it. Items the
 * mapping's typed selectors exclude are deleted, as Ocean does with live events and as the next
 * resync would: a push can never bring in what the resync keeps out.
 */
async function applyEvent(ctx: Context, event: ArtifactEvent): Promise<RawChanges> {
  const filters = filtersOf(ctx);
  // The scan overview is read only when a resource would keep it (the listing asks the same way).
  const withScanOverview = filters.artifact.length === 0 || filters.artifact.some((f) => f.withScanOverview);
  const { project, repository: name } = event;
  const [artifacts, repository] = await Promise.all([
    Promise.all(event.digests.map(async (digest) => ({ digest, artifact: await harborKinds.artifact.read(ctx, { project, repository: name, digest, withScanOverview }) }))),
    harborKinds.repository.read(ctx, { project, repository: name }),
  ]);
  const gone = artifacts.filter((a) => a.artifact === undefined).map((a) => a.digest);

  const changes: RawChanges = { upserts: [], deletes: [] };
  // A repository found missing is left to the resync: deleting it would take its artifacts along.
  if (repository) {
    const admitted = filters.repository.length === 0 || filters.repository.some((f) => repositoryAdmitted(f, event.project, event.repository));
    (admitted ? changes.upserts : changes.deletes).push({ kind: "repository", items: [repository] });
  }
  const live: unknown[] = [];
  const excluded: unknown[] = [];
  for (const { artifact } of artifacts) {
    if (!artifact) continue;
    const item = asListed(artifact, filters.artifact);
    (item ? live : excluded).push(item ?? artifact);
  }
  if (live.length > 0) changes.upserts.push({ kind: "artifact", items: live });
  const deletes = [
    ...excluded,
    // Shaped as Harbor answers for an artifact with no tags, labels, references or accessories.
    ...gone.map((digest) => ({ digest, repository_name: event.repository, project_name: event.project, tags: null, labels: null, references: null, accessories: null })),
  ];
  if (deletes.length > 0) changes.deletes.push({ kind: "artifact", items: deletes });
  ctx.log.info("webhook.artifact", {
    type: event.type,
    repository: event.repository,
    live: live.length,
    excluded: excluded.length,
    gone: gone.length,
    repositoryFound: Boolean(repository),
  });
  return changes;
}

/**
 * Harbor signs nothing: its policy's Auth Header arrives verbatim as Authorization, and must equal
 * HARBOR_WEBHOOK_SECRET as a whole (a secret "Bearer x" is sent and compared as "Bearer x").
 */
export const harborWebhook: WebhookHandler<HarborSettings> = {
  secretSetting: "webhookSecret",
  // Where the Ocean Harbor integration's documentation points Harbor's policies.
  paths: ["/integration/webhook"],
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
      event: event as unknown as Json,
    };
  },
  // The event is what accept() parsed, but it may come back from the queue to a newer release.
  apply: async (event, ctx) => applyEvent(ctx, queuedEvent(event)),
};
