import type { CompiledMapping } from "../mapping/engine.ts";
import { kindNames } from "../kinds.ts";
import type { AnyPlugin } from "../plugin.ts";
import type { CycleState, PluginState, ResourceProgress } from "./types.ts";

/** Resources in sync order: the plugin's kind order first, then their order in the mapping file. */
export function orderedResources(plugin: AnyPlugin, mapping: CompiledMapping): ResourceProgress[] {
  const kinds = kindNames(plugin);
  return mapping.resources
    .filter((r) => kinds.includes(r.kind))
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || a.index - b.index)
    .map((r) => ({
      index: r.index,
      kind: r.kind,
      status: "pending",
      cursor: null,
      pages: 0,
      listed: 0,
      upserted: 0,
      unchanged: 0,
      failed: 0,
      skipped: 0,
      filtered: 0,
      itemErrors: 0,
      failedScopes: [],
      searchIdentifiers: 0,
    }));
}

export function newCycle(plugin: AnyPlugin, mapping: CompiledMapping, writer: string, reason: string, now: number): CycleState {
  return {
    writer,
    id: `${now.toString(36)}-${crypto.randomUUID().slice(0, 8)}`,
    startedAt: new Date(now).toISOString(),
    reason,
    mappingHash: mapping.hash,
    resources: orderedResources(plugin, mapping),
    position: 0,
    segments: [],
    pageIndex: {},
    reconcile: null,
  };
}

/** Why a new cycle should start now, or null to keep going (or keep waiting). */
export function cycleStartReason(
  state: PluginState,
  mapping: CompiledMapping,
  writer: string,
  requestedAt: string | null,
  now: number,
  followUpAt: string | null = null,
): string | null {
  // A request starts a cycle at once, replacing a running one (which then deletes nothing).
  if (requestedAt !== null && requestedAt !== state.handledRequestAt) return "requested";
  if (state.cycle) {
    if (state.cycle.mappingHash !== mapping.hash) return "mapping changed";
    return state.cycle.writer !== writer ? "catalog changed" : null;
  }
  if (state.lastCycle && state.lastCycle.mappingHash !== mapping.hash) return "mapping changed";
  if (state.lastCycle && state.lastCycle.writer !== writer) return "catalog changed";
  if (state.nextCycleAt === null) return "first run";
  // A webhook that could not finish after the last cycle started: its rest waits for no schedule.
  if (followUpAt !== null && followUpAt > (state.lastCycle?.startedAt ?? "")) return "a webhook left work for the resync";
  return Date.parse(state.nextCycleAt) <= now ? "schedule" : null;
}

/**
 * The finished cycle becomes the last one (its page index serves the next cycle's skip-unchanged).
 * Returns the segments nothing reads any more: the previous last cycle's and this one's stale lists.
 */
export function finishCycle(state: PluginState, intervalMinutes: number, now: number): string[] {
  const cycle = state.cycle;
  if (!cycle) return [];
  const obsolete = [...(state.lastCycle?.segments ?? []), ...(cycle.reconcile?.staleSegments ?? [])];
  // The same object, not a copy: the running tick still indexes its pages into it.
  state.lastCycle = Object.assign(cycle, { finishedAt: new Date(now).toISOString() });
  state.cycle = null;
  state.nextCycleAt = new Date(now + intervalMinutes * 60_000).toISOString();
  return obsolete.filter((key) => !cycle.segments.includes(key));
}
