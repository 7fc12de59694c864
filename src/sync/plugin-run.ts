import type { MappingInForce } from "../config/mapping.ts";
import { errorMessage } from "../log.ts";
import type { LoadedPlugin, Runtime } from "../runtime/context.ts";
import { cycleStartReason, newCycle } from "./cycle.ts";
import type { PageRun, PreparedPage } from "./page.ts";
import { pageLimit, type CpuEstimate } from "./cpu.ts";
import { createPrefetch } from "./prefetch.ts";
import { deploymentOwnership, ownershipOf, userAgentFor } from "./plugin-context.ts";
import type { ReconcileRun } from "./reconcile.ts";
import { reportResync } from "./resync-report.ts";
import type { PageRecord, Segment, StaleRecord } from "./segments.ts";
import type { Session } from "./session.ts";
import { syncKeys } from "./state.ts";
import { isPortPause } from "./stop.ts";
import { recordError, type CycleState, type PluginState } from "./types.ts";

/** One plugin's cycle within a tick: what its pages and reconciliation steps read and change. */
export interface ActiveRun extends PageRun, ReconcileRun {
  cycle: CycleState;
  /** Outbound requests the last listing step cost (project pages that register webhooks cost more). */
  lastPageCost: number;
}

/**
 * Open one plugin's part of a tick: the mapping in force, its cycle (a new one when it is due),
 * and its blueprints. Returns why the plugin does nothing this tick instead, when it does not.
 */
export async function startRun(rt: Runtime, session: Session, loaded: LoadedPlugin, deadline: number, cpu: CpuEstimate): Promise<ActiveRun | { stopped: string }> {
  const { writer, catalog } = session;
  const opened = await session.open(loaded);
  const { plugin, state, inForce, context } = opened;
  noteMapping(rt, state, plugin.name, inForce);
  if (!inForce.mapping) return { stopped: "mapping invalid" };
  const mapping = inForce.mapping;
  const [requestedAt, followUpAt] = await Promise.all([
    rt.state.get<string>(syncKeys.request(plugin.name)),
    rt.state.get<string>(syncKeys.followUp(plugin.name)),
  ]);
  const reason = cycleStartReason(state, mapping, catalog, requestedAt, rt.now(), followUpAt);
  if (reason) {
    if (requestedAt) state.handledRequestAt = requestedAt;
    // Entities were written with another mapping since the last cycle: its hashes no longer say
    // what Port holds, so nothing is skipped as unchanged this time.
    if (reason === "mapping changed" && state.lastCycle) state.lastCycle.pageIndex = {};
    state.cycle = newCycle(plugin, mapping, catalog, reason, rt.now());
    rt.log.info("cycle.started", { plugin: plugin.name, cycle: state.cycle.id, reason, mapping: mapping.hash });
    await reportResync(rt, writer, state, { status: "running", lastResyncStart: state.cycle.startedAt, plugin: plugin.name });
  }
  const cycle = state.cycle;
  if (!cycle) return { stopped: `next cycle at ${state.nextCycleAt}` };
  try {
    const ensured = await opened.ensureBlueprints(mapping);
    if (ensured?.created.length) rt.log.info("blueprints.created", { plugin: plugin.name, created: ensured.created });
  } catch (err) {
    if (isPortPause(err)) return { stopped: `${err.name}: ${err.message}` };
    recordError(state, { message: `cycle start: ${errorMessage(err)}` }, rt.now());
  }
  const last = state.lastCycle;
  return {
    plugin,
    state,
    cycle,
    mapping,
    writer,
    context,
    userAgent: (kind) => userAgentFor(rt, plugin, kind),
    ownership: (kind) => ownershipOf(rt, plugin, kind),
    ours: deploymentOwnership(rt),
    now: rt.now,
    previous: last && last.mappingHash === mapping.hash && last.writer === catalog ? last.pageIndex : undefined,
    writeInFull: new Set(last?.reconcile?.kinds.filter((k) => (k.absent ?? 0) > 0).map((k) => k.kind) ?? []),
    readSegment: session.readSegment,
    // Reconciliation reads every segment of the cycle once: not through the per-tick cache.
    loadSegment: (key) => rt.state.get<Segment>(key),
    produced: new Map(),
    pending: { pages: [] as PageRecord[], stale: [] as StaleRecord[] },
    lastPageCost: 0,
    pageLimit: pageLimit(rt.options.cpuBudgetMs, plugin.pageSize),
    remaining: () => session.outbound.remaining,
    deadline,
    cpu,
    ahead: rt.options.concurrency > 1 ? createPrefetch<PreparedPage>() : undefined,
  };
}

/** Remember the mapping in force (it is the last good one now) and why a newer one was refused. */
function noteMapping(rt: Runtime, state: PluginState, plugin: string, inForce: MappingInForce): void {
  const warning = inForce.warning;
  if (warning && !state.errors.some((e) => e.message === warning)) recordError(state, { message: warning }, rt.now());
  if (inForce.refused) {
    const message = `mapping refused (${inForce.refused.origin}): ${inForce.refused.error}`;
    if (state.mappingRefused?.error !== inForce.refused.error) recordError(state, { message }, rt.now());
    state.mappingRefused = { origin: inForce.refused.origin, error: inForce.refused.error, at: new Date(rt.now()).toISOString() };
    rt.log.error("mapping.refused", {
      plugin,
      origin: inForce.refused.origin,
      error: inForce.refused.error,
      inForce: inForce.mapping ? inForce.origin : null,
    });
  } else {
    state.mappingRefused = null;
  }
  if (inForce.mapping && inForce.text !== undefined) {
    state.mapping = { source: inForce.source, origin: inForce.origin, hash: inForce.mapping.hash, text: inForce.text };
  }
}
