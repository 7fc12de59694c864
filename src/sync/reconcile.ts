import type { CompiledMapping } from "../mapping/engine.ts";
import { kindNames } from "../kinds.ts";
import type { AnyPlugin } from "../plugin.ts";
import type { Ownership } from "../port/user-agent.ts";
import { refHash, targetHash } from "./hash.ts";
import { carryFailedScopes, declarationsOf, producedFor, referencedFor, type Declarations, type ProducedSet } from "./produced.ts";
import type { PageRecord, SegmentReader, StaleRecord } from "./segments.ts";
import {
  recordError,
  type CycleState,
  type CycleSummary,
  type IdentifierOwner,
  type KindReconcile,
  type PluginState,
  type ReconcileState,
} from "./types.ts";
import type { CatalogWriter, EntityRef } from "./catalog-writer.ts";

/** Bulk delete takes at most 100 identifiers per request. */
const DELETE_BATCH = 100;

export interface ReconcileRun {
  plugin: AnyPlugin;
  state: PluginState;
  mapping: CompiledMapping;
  writer: CatalogWriter;
  ownership(kind: string): Ownership;
  userAgent(kind: string): string;
  readSegment: SegmentReader;
  /** Uncached reads, for reconciliation's one pass over every segment of the cycle. */
  loadSegment: SegmentReader;
  /** Pages and stale entities of the running tick, not yet in a segment. */
  pending: { pages: PageRecord[]; stale: StaleRecord[] };
  /** What the cycle produced by kind, and the relation targets it names, once this tick collected them. */
  produced: Map<string, ProducedSet>;
  now(): number;
}

/**
 * Decide per kind whether deletion is safe at all: only a kind whose every listing completed and
 * whose every item could be mapped may lose entities (a failed listing never leads to deletions).
 */
export function startReconcile(plugin: AnyPlugin, cycle: CycleState, last: CycleSummary | null): ReconcileState {
  const kinds: KindReconcile[] = kindNames(plugin).map((kind) => {
    const resources = cycle.resources.filter((r) => r.kind === kind);
    const incomplete = resources.find((r) => r.status !== "done");
    const errors = resources.reduce((n, r) => n + r.itemErrors, 0);
    const searches = resources.reduce((n, r) => n + r.searchIdentifiers, 0);
    const failedScopes = resources.reduce((n, r) => n + r.failedScopes.length, 0);
    const base = { kind, owned: 0, stale: 0, deleted: 0, failed: 0 };
    if (incomplete)
      return { ...base, skipped: `listing ${kind} did not complete (${incomplete.status}${incomplete.error ? `: ${incomplete.error}` : ""})` };
    if (errors > 0) return { ...base, skipped: `${errors} ${kind} item(s) could not be mapped (selector or identifier errors)` };
    // As in Ocean: Port resolves search-query identifiers, so what they name is never reconciled away.
    if (searches > 0) return { ...base, skipped: `${kind} entities are identified by search queries` };
    // A scope that could not be read keeps what the last cycle produced in it; with no last cycle
    // (first run, or state lost) nothing says what that was.
    if (failedScopes > 0 && !last)
      return { ...base, skipped: `${failedScopes} ${kind} scope(s) could not be read and there is no earlier cycle to keep their entities from` };
    return base;
  });
  return { phase: "scan", kinds, position: 0, from: null, staleSegments: [], deleteAt: { segment: 0, offset: 0 } };
}

/** Relation targets of every kind, under a key no kind can have. */
const REFERENCED = "\u0000referenced";

async function cached(run: ReconcileRun, key: string, load: () => Promise<ProducedSet | string>): Promise<ProducedSet | string> {
  const found = run.produced.get(key);
  if (found) return found;
  const result = await load();
  if (typeof result !== "string") run.produced.set(key, result);
  return result;
}

const produced = (run: ReconcileRun, cycle: CycleState, kind: string) =>
  cached(run, kind, () => producedFor(run.plugin.name, kind, cycle.segments, run.pending.pages, run.loadSegment));

const referenced = (run: ReconcileRun, cycle: CycleState) =>
  cached(run, REFERENCED, () => referencedFor(run.plugin.name, cycle.segments, run.pending.pages, run.loadSegment));

/** Carry the last cycle's records of this cycle's failed scopes; a reason when that is impossible. */
async function carry(run: ReconcileRun, cycle: CycleState, kind: string): Promise<string | null> {
  const failed = new Set(cycle.resources.filter((r) => r.kind === kind).flatMap((r) => r.failedScopes));
  if (failed.size === 0) return null;
  const last = run.state.lastCycle;
  const result = await carryFailedScopes(run.plugin.name, kind, failed, last?.segments ?? [], run.loadSegment);
  if (typeof result === "string") return result;
  if (result) run.pending.pages.push(result);
  return null;
}

/**
 * Which scope keeps each identifier that several scopes of a kind declare (see IdentifierOwner):
 * the one that kept it before, else one that declared it last cycle, else the first in the listing.
 * Only a completed listing says who declares what; otherwise what was settled stays.
 */
async function settleOwners(run: ReconcileRun, cycle: CycleState, kind: string): Promise<void> {
  if (!run.plugin.scopeOf || cycle.resources.some((r) => r.kind === kind && r.status !== "done")) return;
  const all = await produced(run, cycle, kind);
  if (typeof all === "string") return;
  const repeated = new Set(all.repeated());
  const found = repeated.size > 0 ? await declarationsOf(run.plugin.name, kind, repeated, cycle.segments, run.pending.pages, run.loadSegment) : new Map<number, Declarations>();
  if (typeof found === "string") return;
  const before = run.state.owners ?? {};
  const owners: Record<string, IdentifierOwner> = Object.fromEntries(Object.entries(before).filter(([, o]) => o.kind !== kind));
  const shared = [...found].filter(([, d]) => d.scopes.length > 1);
  const unsettled = new Set(shared.filter(([ref, d]) => !d.scopes.includes(before[ref]?.scope ?? NaN)).map(([ref]) => ref));
  const last = run.state.lastCycle;
  const earlier = unsettled.size > 0 && last ? await declarationsOf(run.plugin.name, kind, unsettled, last.segments, [], run.loadSegment) : null;
  for (const [ref, d] of shared) {
    const kept = before[ref];
    const previously = typeof earlier === "object" ? earlier?.get(ref)?.scopes : undefined;
    const winner = kept && d.scopes.includes(kept.scope) ? kept.scope : (d.scopes.find((s) => previously?.includes(s)) ?? d.scopes[0]!);
    const name = (scope: number) => d.names.get(scope) ?? `scope ${scope}`;
    owners[ref] = {
      kind,
      scope: winner,
      keptBy: name(winner),
      alsoDeclaredBy: d.scopes.filter((s) => s !== winner).map(name),
      ...(kept?.identifier !== undefined && { identifier: kept.identifier, blueprint: kept.blueprint }),
      ...(kept?.scope !== winner && { rewrite: true }),
    };
  }
  if (Object.keys(owners).length > 0) run.state.owners = owners;
  else delete run.state.owners;
}

function applyThreshold(run: ReconcileRun, rec: ReconcileState): void {
  const threshold = run.mapping.config.entityDeletionThreshold;
  for (const k of rec.kinds) {
    if (k.skipped || k.stale === 0) continue;
    // Over all owned entities, not just those this cycle left untouched (Ocean's denominator flaw).
    if (k.stale / k.owned > threshold) {
      k.skipped = `would delete ${k.stale} of ${k.owned} owned ${k.kind} entities (${Math.round((100 * k.stale) / k.owned)}%), above entityDeletionThreshold ${threshold}`;
    }
  }
  for (const k of rec.kinds) {
    if (k.skipped && (k.stale > 0 || !k.skipped.startsWith("would delete"))) {
      recordError(run.state, { kind: k.kind, message: `deletions skipped: ${k.skipped}` }, run.now());
    }
  }
}

/**
 * One step: one page of owned entities scanned, or one bulk delete. "wait" when the stale list
 * found this tick must be saved before deleting from it starts.
 */
export async function reconcileStep(run: ReconcileRun, cycle: CycleState): Promise<"continue" | "wait" | "done"> {
  const rec = cycle.reconcile!;
  if (rec.phase === "scan") {
    const kind = rec.kinds[rec.position];
    if (!kind) {
      if (run.pending.stale.length > 0) return "wait";
      applyThreshold(run, rec);
      rec.phase = "delete";
      return "continue";
    }
    if (rec.from === null) {
      // Even for a kind that deletes nothing this cycle, so the next cycle still has the records.
      const impossible = await carry(run, cycle, kind.kind);
      if (impossible && !kind.skipped) kind.skipped = impossible;
      await settleOwners(run, cycle, kind.kind);
    }
    const owned = run.writer.listOwned({ ...run.ownership(kind.kind), ...(rec.from !== null && { from: rec.from }) });
    const { value: page } = await owned.next();
    let set = kind.skipped ? null : await produced(run, cycle, kind.kind);
    let targets: ProducedSet | null = null;
    if (set && typeof set !== "string") {
      const found = await referenced(run, cycle);
      if (typeof found === "string") set = found;
      else targets = found;
    }
    if (typeof set === "string") {
      // Without every segment there is no proof of what the cycle produced: delete nothing.
      kind.skipped = set;
      set = null;
    }
    const stale: EntityRef[] = [];
    const since = Date.parse(cycle.startedAt);
    for (const entity of page?.entities ?? []) {
      kind.owned++;
      if (!set) continue;
      const produced = set.has(refHash(entity));
      if (produced) kind.present = (kind.present ?? 0) + 1;
      // Written after the cycle started (a webhook): counts as produced.
      const updatedAt = typeof entity.updatedAt === "string" ? Date.parse(entity.updatedAt) : NaN;
      if (updatedAt >= since || produced) continue;
      // A placeholder Port made for a relation target (or a target dropped from its file while
      // something still points at it): deleting it would clear, or with deleteDependentEntities
      // delete, what points at it.
      if (targets?.has(targetHash(entity.identifier))) {
        kind.spared = (kind.spared ?? 0) + 1;
        continue;
      }
      stale.push({ identifier: entity.identifier, blueprint: entity.blueprint });
    }
    kind.stale += stale.length;
    if (stale.length) run.pending.stale.push({ kind: kind.kind, refs: stale });
    rec.from = page?.next ?? null;
    if (rec.from === null) {
      // Produced entities Port does not hold (a webhook or a cascade removed them, a write failed):
      // the next cycle writes this kind in full instead of skipping what it thinks is unchanged.
      if (set) kind.absent = set.size - (kind.present ?? 0);
      rec.position++;
    }
    return "continue";
  }

  const allowed = new Map(rec.kinds.filter((k) => !k.skipped).map((k) => [k.kind, k]));
  while (rec.deleteAt.segment < rec.staleSegments.length) {
    const segment = await run.readSegment(rec.staleSegments[rec.deleteAt.segment]!);
    const entries = (segment?.[run.plugin.name]?.stale ?? [])
      .filter((s) => allowed.has(s.kind))
      .flatMap((s) => s.refs.map((ref) => ({ ref, kind: s.kind })));
    if (rec.deleteAt.offset >= entries.length) {
      rec.deleteAt = { segment: rec.deleteAt.segment + 1, offset: 0 };
      continue;
    }
    // One request deletes up to 100 entities of one kind (its User-Agent names the kind).
    const first = entries[rec.deleteAt.offset]!;
    const batch = entries.slice(rec.deleteAt.offset, rec.deleteAt.offset + DELETE_BATCH);
    const end = batch.findIndex((e) => e.kind !== first.kind);
    const sameKind = end === -1 ? batch : batch.slice(0, end);
    const result = await run.writer.delete(
      sameKind.map((e) => e.ref),
      { deleteDependents: run.mapping.config.deleteDependentEntities, userAgent: run.userAgent(first.kind) },
    );
    const k = allowed.get(first.kind)!;
    k.deleted += result.deleted.length;
    k.failed += result.failed.length;
    for (const f of result.failed) {
      recordError(run.state, { kind: first.kind, item: f.identifier, message: `delete failed: ${f.message}` }, run.now());
    }
    rec.deleteAt.offset += sameKind.length;
    return "continue";
  }
  return "done";
}
