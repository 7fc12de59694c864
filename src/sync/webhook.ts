import { selectorsOf } from "../kinds.ts";
import type { Entity, MappedEntity } from "../mapping/types.ts";
import { hash53, refHash } from "./hash.ts";
import type { RawChanges, WebhookContext } from "../plugin.ts";
import type { UpsertResult, WriteFailure } from "../port/types.ts";
import type { LoadedPlugin, Runtime } from "../runtime/context.ts";
import { deploymentOwnership, ownershipOf, userAgentFor } from "./plugin-context.ts";
import { loadSyncState, syncKeys } from "./state.ts";
import type { SyncState } from "./types.ts";
import type { Ownership } from "../port/user-agent.ts";
import type { EntityRef } from "./catalog-writer.ts";
import { openSession } from "./session.ts";

export interface WebhookOutcome {
  upserted: number;
  deleted: number;
  failed: { identifier: string; message: string }[];
}

const refKey = (r: EntityRef) => `${r.blueprint}\u0000${r.identifier}`;

const NOT_OURS = "conflict: exists in Port from another datasource; portside does not take over or delete entities it did not create";

/** Search-query identifiers resolve inside Port; a live event cannot target them (as in Ocean). */
const plainRef = (e: Entity): EntityRef | null =>
  typeof e.identifier === "string" ? { identifier: e.identifier, blueprint: e.blueprint } : null;

/**
 * Apply what a webhook asked for with the same mapping as the resync. As in Ocean's live events,
 * items are mapped with parseAll: one whose selector no longer passes is deleted, and an upsert of
 * the same entity wins over a delete in the same event. An event that cannot be finished in one
 * invocation (a file of thousands of entities outruns the subrequest budget) or fails part way is
 * handed to the resync: the plugin's next cycle starts as soon as none is running, and it reads
 * and writes everything the event would have.
 */
export async function applyWebhookChanges(
  rt: Runtime,
  loaded: LoadedPlugin,
  apply: (ctx: WebhookContext<any>) => Promise<RawChanges>,
  options: { handOver?: boolean } = {},
): Promise<WebhookOutcome> {
  const sync = await loadSyncState(rt.state);
  try {
    return await applyChanges(rt, loaded, apply, sync);
  } catch (err) {
    // A queued attempt that will be retried hands over only once it gives up (handWebhookOver).
    if (options.handOver !== false) await handOver(rt, loaded.plugin.name, sync);
    throw err;
  }
}

/** Hands an event portside gave up on (a dead letter, or one dropped) to the plugin's next resync cycle. */
export async function handWebhookOver(rt: Runtime, plugin: string): Promise<void> {
  await handOver(rt, plugin, await loadSyncState(rt.state));
}

/** Ask for the next cycle, unless an earlier event already did and no cycle has started since. */
async function handOver(rt: Runtime, plugin: string, sync: SyncState): Promise<void> {
  const key = syncKeys.followUp(plugin);
  const state = sync.plugins[plugin];
  const lastStart = state?.cycle?.startedAt ?? state?.lastCycle?.startedAt ?? "";
  const asked = await rt.state.get<string>(key);
  if (asked !== null && asked > lastStart) return;
  await rt.state.set(key, new Date(rt.now()).toISOString());
  rt.log.warn("webhook.handed_over", { plugin, reason: "the event could not be finished; the next resync cycle completes it" });
}

async function applyChanges(
  rt: Runtime,
  loaded: LoadedPlugin,
  apply: (ctx: WebhookContext<any>) => Promise<RawChanges>,
  sync: SyncState,
): Promise<WebhookOutcome> {
  const { plugin } = loaded;
  const session = openSession(rt, sync);
  if (!session) throw new Error("Port settings are invalid; see /status");
  const { writer } = session;
  const opened = await session.open(loaded);
  if (!opened.inForce.mapping) throw new Error(`mapping refused: ${opened.inForce.error}`);
  const mapping = opened.inForce.mapping;
  // An event may arrive before the first resync created the plugin's blueprints.
  await opened.ensureBlueprints(mapping);
  const changes = await apply({
    ...opened.context,
    selectors: (kind) => selectorsOf(plugin, mapping, kind),
  });

  const outcome: WebhookOutcome = { upserted: 0, deleted: 0, failed: [] };
  // Entities someone else wrote are neither written over nor deleted, as in the resync: any kind of
  // this deployment may write over another's (a relation placeholder), but a kind deletes only its
  // own, as reconciliation does.
  const ours = deploymentOwnership(rt);
  const foreignKeys = async (refs: EntityRef[], owners: readonly Ownership[]) =>
    new Set(refs.length > 0 ? (await writer.foreign(refs, owners)).map(refKey) : []);
  // An identifier another scope (repository) keeps: this event's scope neither writes nor deletes it.
  const owners = opened.state.owners ?? {};
  const keptElsewhere = (kind: string, items: unknown[], m: MappedEntity) => {
    const ref = plainRef(m.entity);
    const owner = ref ? owners[refHash(ref)] : undefined;
    if (!owner || owner.kind !== kind || m.item === undefined) return false;
    const scope = plugin.scopeOf?.(kind, items[m.item]);
    return scope != null && hash53(scope) !== owner.scope;
  };
  /**
   * As in the resync, only an entity portside has no record of writing can be someone else's: it is
   * created, never replaced, and only one that turns out to exist is searched for and, if it is ours
   * after all, written over.
   */
  const write = async (kind: string, entities: Entity[]) => {
    if (entities.length === 0) return;
    const options = {
      merge: mapping.config.enableMergeEntity,
      createMissingRelatedEntities: mapping.config.createMissingRelatedEntities,
      userAgent: userAgentFor(rt, plugin, kind),
    };
    const record = (result: UpsertResult, except?: (f: WriteFailure) => boolean) => {
      outcome.upserted += result.written.length;
      for (const f of result.failed) if (!except?.(f)) outcome.failed.push({ identifier: f.identifier, message: f.message });
    };
    const produced = await opened.lastProduced(mapping);
    const unknown = (e: Entity) => {
      const ref = plainRef(e);
      return ref !== null && !produced?.has(refHash(ref));
    };
    const known = entities.filter((e) => !unknown(e));
    if (known.length) record(await writer.upsert(known, options));
    const created = entities.filter(unknown);
    if (created.length === 0) return;
    const exists = (f: WriteFailure) => f.status === 409;
    const result = await writer.upsert(created, { ...options, createOnly: true });
    record(result, exists);
    const taken = result.failed.filter(exists).map(({ identifier, blueprint }) => ({ identifier, blueprint }));
    const foreign = await foreignKeys(taken, ours);
    for (const ref of taken) if (foreign.has(refKey(ref))) outcome.failed.push({ identifier: ref.identifier, message: NOT_OURS });
    const again = new Set(taken.filter((r) => !foreign.has(refKey(r))).map(refKey));
    const rewrite = created.filter((e) => again.has(refKey(plainRef(e)!)));
    if (rewrite.length) record(await writer.upsert(rewrite, options));
  };
  const upserted = new Set<string>();
  const toDelete = new Map<string, { ref: EntityRef; kind: string }>();
  for (const { kind, items } of changes.upserts) {
    const mapped = await mapping.mapKind(kind, items, { parseAll: true });
    for (const m of mapped.entities) {
      if (!keptElsewhere(kind, items, m)) continue;
      const ref = plainRef(m.entity)!;
      upserted.add(refKey(ref));
      outcome.failed.push({ identifier: ref.identifier, message: `conflict: kept by ${owners[refHash(ref)]!.keptBy}, which declared it first` });
    }
    const all = mapped.entities.filter((m) => !keptElsewhere(kind, items, m)).map((m) => m.entity);
    await write(kind, all);
    for (const e of all) {
      const ref = plainRef(e);
      if (ref) upserted.add(refKey(ref));
    }
    for (const { entity } of mapped.rejected) {
      const ref = plainRef(entity);
      if (ref) toDelete.set(refKey(ref), { ref, kind });
    }
  }
  for (const { kind, items } of changes.deletes) {
    const mapped = await mapping.mapKind(kind, items, { parseAll: true });
    for (const m of [...mapped.entities, ...mapped.rejected]) {
      const ref = plainRef(m.entity);
      if (ref && !keptElsewhere(kind, items, m)) toDelete.set(refKey(ref), { ref, kind });
    }
  }
  const byKind = new Map<string, EntityRef[]>();
  for (const [key, { ref, kind }] of toDelete) {
    if (upserted.has(key)) continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), ref]);
  }
  for (const [kind, candidates] of byKind) {
    const foreign = await foreignKeys(candidates, [ownershipOf(rt, plugin, kind)]);
    const refs = candidates.filter((r) => !foreign.has(refKey(r)));
    if (refs.length === 0) continue;
    const result = await writer.delete(refs, {
      deleteDependents: mapping.config.deleteDependentEntities,
      userAgent: userAgentFor(rt, plugin, kind),
    });
    outcome.deleted += result.deleted.length;
    outcome.failed.push(...result.failed.map((f) => ({ identifier: f.identifier, message: f.message })));
  }
  return outcome;
}
