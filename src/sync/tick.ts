import { resolveMapping, type MappingInForce } from "../config/mapping.ts";
import type { ResyncState } from "../port/integration.ts";
import { errorMessage } from "../log.ts";
import type { LoadedPlugin, Runtime } from "../runtime/context.ts";
import { createOutbound, type Outbound } from "../runtime/outbound.ts";
import { cpuEstimate } from "./cpu.ts";
import { cycleStartReason, finishCycle, newCycle } from "./cycle.ts";
import { failResource, runPage, type PageRun, type PreparedPage } from "./page.ts";
import { createPrefetch } from "./prefetch.ts";
import { deploymentOwnership, ownershipOf, pluginContext, userAgentFor } from "./plugin-context.ts";
import { reconcileStep, startReconcile, type ReconcileRun } from "./reconcile.ts";
import { findPage, indexPage, segmentKey, segmentReader, writeSegment, type PageRecord, type Segment, type SegmentReader, type StaleRecord } from "./segments.ts";
import { loadSyncState, saveSyncState, syncKeys } from "./state.ts";
import { isPortPause } from "./stop.ts";
import {
  emptyPluginState,
  recordError,
  type CycleState,
  type Lease,
  type PluginState,
  type SyncState,
  type TickReport,
} from "./types.ts";
import type { CatalogWriter } from "./writer.ts";
import { createWriter } from "./writers.ts";

/**
 * Extra time a lease outlives the tick's time budget: one step may overrun the deadline by its
 * retries, and a crashed tick's lease still expires before the next cron tick but one.
 */
const LEASE_MARGIN_MS = 120_000;
const LEASE_SETTLE_MS = 50;
/** What a reconciliation step costs: one owned-entities page or one bulk delete, plus a token renewal. */
const RECONCILE_STEP_COST = 2;
/** About 36 bytes an entity: keeps one tick's segment near 7 MiB, far under KV's 25 MiB per value. */
const MAX_SEGMENT_ENTITIES = 200_000;

interface ActiveRun extends PageRun, ReconcileRun {
  cycle: CycleState;
  /** Outbound requests the last step cost; a step starts only if the budget still covers it. */
  /** Outbound requests the last listing step cost (project pages that register webhooks cost more). */
  lastPageCost: number;
}

export interface TickResult {
  ran: boolean;
  reason?: string;
  report?: TickReport;
}

/**
 * One cron tick: take the lease, continue every enabled plugin's resync cycle step by step (round
 * robin, so plugins share the tick fairly) until the subrequest or time budget is spent, then save.
 * State is written at most three times, however many pages ran: the lease, one segment with what
 * the pages produced, and the sync state.
 */
export async function runTick(rt: Runtime): Promise<TickResult> {
  const started = rt.now();
  const [lease, sync] = await Promise.all([rt.state.get<Lease>(syncKeys.lease), loadSyncState(rt.state)]);
  if (lease && lease.until > started && lease.tick !== sync.lastTickId) {
    rt.log.info("tick.skipped", { reason: "another tick holds the lease", until: new Date(lease.until).toISOString() });
    return { ran: false, reason: "another tick holds the lease" };
  }
  const tickId = crypto.randomUUID();
  await rt.state.set(syncKeys.lease, { tick: tickId, until: started + rt.options.timeBudgetMs + LEASE_MARGIN_MS });
  // KV has no compare-and-set: two ticks that both saw the lease free both wrote it. After a pause
  // only the last writer reads its own id back, and the other one leaves.
  await new Promise((resolve) => setTimeout(resolve, LEASE_SETTLE_MS));
  if ((await rt.state.get<Lease>(syncKeys.lease))?.tick !== tickId) {
    rt.log.info("tick.skipped", { reason: "another tick took the lease at the same time" });
    return { ran: false, reason: "another tick took the lease at the same time" };
  }

  const outbound = createOutbound(rt.options.subrequestBudget, rt.fetch);
  const writer = createWriter(rt, outbound, sync);
  const readSegment = segmentReader(rt.state);
  const deadline = started + rt.options.timeBudgetMs;
  const cpu = cpuEstimate(rt.options.cpuBudgetMs);
  const stoppedBy: Record<string, string> = {};
  const obsolete: string[] = [];
  let steps = 0;

  const runs: ActiveRun[] = [];
  if (!writer) rt.log.warn("tick.idle", { reason: "Port settings are invalid; see /status" });
  for (const loaded of writer ? rt.plugins.filter((p) => p.enabled) : []) {
    const run = await prepare(rt, loaded, sync, outbound, writer!, readSegment, stoppedBy, deadline);
    if (run) runs.push(run);
  }

  const active = [...runs];
  while (active.length > 0) {
    for (const run of [...active]) {
      const { cycle } = run;
      const stop = (why: string) => {
        stoppedBy[run.plugin.name] = why;
        active.splice(active.indexOf(run), 1);
      };
      if (rt.now() >= deadline) {
        stop("time budget spent");
        continue;
      }
      if (outbound.remaining < stepEstimate(run)) {
        stop("subrequest budget spent");
        continue;
      }
      // The first step always runs, or a tick whose fixed cost fills the budget would never progress.
      if (steps > 0 && !cpu.nextStepFits()) {
        stop("CPU budget spent");
        continue;
      }
      if (run.pending.pages.reduce((n, p) => n + p.h.length, 0) >= MAX_SEGMENT_ENTITIES) {
        stop("segment full");
        continue;
      }
      const before = outbound.used;
      // The tick's first step has the whole budget (less the tick's own fixed requests): if it
      // cannot move its page, no later tick can either.
      const mark = steps === 0 ? pageMark(cycle) : undefined;
      let listed = 0;
      try {
        if (cycle.position < cycle.resources.length) {
          const stepStarted = rt.now();
          const progress = cycle.resources[cycle.position]!;
          const counts = { ...progress };
          const record = await runPage(run, cycle);
          listed = progress.listed - counts.listed;
          run.lastPageCost = outbound.used - before;
          if (record) run.pending.pages.push(record);
          if (mark !== undefined) noteStall(run, cycle, mark, rt.options.subrequestBudget);
          rt.log.info("page.done", {
            plugin: run.plugin.name,
            cycle: cycle.id,
            kind: progress.kind,
            page: progress.pages,
            listed,
            upserted: progress.upserted - counts.upserted,
            unchanged: progress.unchanged - counts.unchanged,
            failed: progress.failed - counts.failed,
            outbound: outbound.used - before,
            durationMs: rt.now() - stepStarted,
          });
        } else {
          cycle.reconcile ??= startReconcile(run.plugin, cycle, run.state.lastCycle);
          const step = await reconcileStep(run, cycle);
          if (step === "wait") {
            stop("stale entities recorded; deleting starts next tick");
            continue;
          }
          if (step === "done") {
            obsolete.push(...finishCycle(run.state, rt.options.intervalMinutes, rt.now()));
            rt.log.info("cycle.finished", { plugin: run.plugin.name, cycle: cycle.id, reconcile: cycle.reconcile.kinds });
            await reportResync(rt, run.writer, run.state, cycleReport(run.plugin.name, run.state, rt.options.intervalMinutes));
            stop("cycle finished");
            continue;
          }
        }
        steps++;
      } catch (err) {
        if (isPortPause(err)) {
          // A rate limit or an outage says nothing about the page; only a spent budget does.
          if (mark !== undefined && err.name === "BudgetExhaustedError") noteStall(run, cycle, mark, rt.options.subrequestBudget);
          stop(`${err.name}: ${err.message}`);
          continue;
        }
        // An unexpected failure stops this plugin for the tick; progress made so far is still saved.
        recordError(run.state, { message: `tick failed: ${errorMessage(err)}` }, rt.now());
        rt.log.error("step.failed", { plugin: run.plugin.name, cycle: cycle.id, error: errorMessage(err) });
        stop(`error: ${errorMessage(err)}`);
      } finally {
        cpu.charge(listed);
      }
    }
  }

  await Promise.all(runs.map((run) => run.ahead?.settle()));
  // Another tick may have taken over after our lease expired (a step ran long): its state wins.
  if ((await rt.state.get<Lease>(syncKeys.lease))?.tick !== tickId) {
    rt.log.error("tick.lease_lost", { reason: "the lease expired during the tick; its progress is redone" });
    return { ran: false, reason: "lease lost" };
  }
  // The segment goes first: the saved state must never point at a segment that was not written.
  await saveSegment(rt, tickId, runs);
  const report: TickReport = {
    id: tickId,
    startedAt: new Date(started).toISOString(),
    durationMs: rt.now() - started,
    outbound: outbound.used,
    cpuEstimateMs: Math.round(cpu.spentMs * 10) / 10,
    // The final save below is this tick's last write.
    stateWrites: rt.state.writes + 1,
    pages: steps,
    stoppedBy,
  };
  sync.lastTickId = tickId;
  sync.lastTick = report;
  await saveSyncState(rt.state, sync);
  rt.log.info("tick.done", { ...report });
  // Segments of the cycle before the last one are no longer read, unless another plugin's cycle
  // shares them (a segment holds every plugin of its tick); expiry removes any left behind.
  const referenced = new Set(
    Object.values(sync.plugins).flatMap((p) => [
      ...(p.cycle?.segments ?? []),
      ...(p.cycle?.reconcile?.staleSegments ?? []),
      ...(p.lastCycle?.segments ?? []),
    ]),
  );
  await Promise.allSettled(obsolete.filter((key) => !referenced.has(key)).map((key) => rt.state.remove(key)));
  return { ran: true, report };
}

/** Where the running resource stands: unchanged after a step means the step moved nothing. */
function pageMark(cycle: CycleState): string | undefined {
  const progress = cycle.resources[cycle.position];
  return progress && JSON.stringify([cycle.position, progress.cursor, progress.pages, progress.partial ?? null]);
}

/** Ticks a page may begin without moving before it is failed (the first of a cycle also ensures blueprints). */
const MAX_STALLS = 2;

/**
 * After a tick's first step: a page that did not move although it had the tick's budget is counted,
 * and failed with what to change once it stalled twice in a row, so the cycle goes on (nothing of a
 * failed kind is deleted) instead of every later tick redoing the same page.
 */
function noteStall(run: ActiveRun, cycle: CycleState, mark: string | undefined, budget: number): void {
  const progress = cycle.resources[cycle.position];
  if (!progress || mark === undefined) return;
  if (pageMark(cycle) !== mark) {
    delete progress.stalls;
    return;
  }
  progress.stalls = (progress.stalls ?? 0) + 1;
  if (progress.stalls < MAX_STALLS) return;
  const err = new Error(
    `a page needs more than the ${budget} outbound requests a tick may make: its listing and checks spend them before anything is written; raise RESYNC_SUBREQUEST_BUDGET`,
  );
  failResource(run, cycle, progress, `page ${progress.pages + 1} of ${progress.kind} cannot fit a tick`, err);
}

/**
 * What the next step may cost, so a tick rarely starts a page it cannot list (a listing stopped by
 * the budget is redone next tick; writes that do not fit resume next tick). A page the last cycle
 * wrote is probably unchanged: a listing and at most a bulk. A page it never saw may be all new: a
 * listing, a bulk per 20 entities and a token.
 */
function stepEstimate(run: ActiveRun): number {
  const { cycle } = run;
  const progress = cycle.resources[cycle.position];
  if (!progress) return RECONCILE_STEP_COST;
  if (findPage(run.previous, progress.index, progress.pages) !== undefined) return Math.max(2, run.lastPageCost);
  return Math.max(2 + Math.ceil(run.plugin.pageSize / 20), run.lastPageCost);
}

/** Which catalog a cycle writes to: hashes of what was written are only meaningful there. */
function catalogId(rt: Runtime): string {
  return rt.port.status === "ok" ? `port:${rt.port.value.portApiUrl}|${rt.port.value.portClientId}` : "local";
}

async function saveSegment(rt: Runtime, tickId: string, runs: readonly ActiveRun[]): Promise<void> {
  const segment: Segment = {};
  for (const { plugin, pending } of runs) {
    if (pending.pages.length === 0 && pending.stale.length === 0) continue;
    segment[plugin.name] = {
      ...(pending.pages.length > 0 && { pages: pending.pages }),
      ...(pending.stale.length > 0 && { stale: pending.stale }),
    };
  }
  if (Object.keys(segment).length === 0) return;
  const key = segmentKey(tickId);
  await writeSegment(rt.state, key, segment);
  for (const { cycle, pending } of runs) {
    if (pending.pages.length > 0) {
      cycle.segments.push(key);
      // Records carried over for failed scopes (r = -1) belong to no page of the listing.
      for (const page of pending.pages) if (page.r >= 0) indexPage(cycle.pageIndex, page.r, page.k, key);
    }
    if (pending.stale.length > 0) cycle.reconcile!.staleSegments.push(key);
  }
}

async function prepare(
  rt: Runtime,
  loaded: LoadedPlugin,
  sync: SyncState,
  outbound: Outbound,
  writer: CatalogWriter,
  readSegment: SegmentReader,
  stoppedBy: Record<string, string>,
  deadline: number,
): Promise<ActiveRun | null> {
  const { plugin } = loaded;
  const state = (sync.plugins[plugin.name] ??= emptyPluginState());
  const inForce = await resolveMapping(rt, plugin, { integration: writer.integration, lastGood: state.mapping });
  noteMapping(rt, state, plugin.name, inForce);
  if (!inForce.mapping) {
    stoppedBy[plugin.name] = "mapping invalid";
    return null;
  }
  const mapping = inForce.mapping;
  const context = pluginContext(rt, loaded, outbound);
  const [requestedAt, followUpAt] = await Promise.all([
    rt.state.get<string>(syncKeys.request(plugin.name)),
    rt.state.get<string>(syncKeys.followUp(plugin.name)),
  ]);
  const catalog = catalogId(rt);
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
  if (!cycle) {
    stoppedBy[plugin.name] = `next cycle at ${state.nextCycleAt}`;
    return null;
  }
  try {
    if (state.blueprintsFor !== `${mapping.hash}|${catalog}`) {
      const result = await writer.ensureBlueprints(plugin.defaults.blueprints);
      if (result.created.length) rt.log.info("blueprints.created", { plugin: plugin.name, created: result.created });
      state.blueprintsFor = `${mapping.hash}|${catalog}`;
    }
    if (reason) await plugin.onCycleStart?.(context);
  } catch (err) {
    if (isPortPause(err)) {
      stoppedBy[plugin.name] = `${err.name}: ${err.message}`;
      return null;
    }
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
    readSegment,
    // Reconciliation reads every segment of the cycle once: not through the per-tick cache.
    loadSegment: (key) => rt.state.get<Segment>(key),
    pending: { pages: [] as PageRecord[], stale: [] as StaleRecord[] },
    lastPageCost: 0,
    remaining: () => outbound.remaining,
    deadline,
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

function cycleReport(plugin: string, state: PluginState, intervalMinutes: number): ResyncState {
  const last = state.lastCycle!;
  const resources = last.resources;
  const failed = resources.some((r) => r.status === "failed");
  return {
    status: failed ? "failed" : "completed",
    lastResyncStart: last.startedAt,
    lastResyncEnd: last.finishedAt,
    nextResync: state.nextCycleAt ?? undefined,
    intervalInMinutes: intervalMinutes,
    plugin,
    upserted: resources.reduce((n, r) => n + r.upserted, 0),
    unchanged: resources.reduce((n, r) => n + r.unchanged, 0),
    failed: resources.reduce((n, r) => n + r.failed, 0),
    deleted: last.reconcile?.kinds.reduce((n, k) => n + k.deleted, 0) ?? 0,
  };
}

/** Resync progress on the integration, so users see portside's sync state in Port; never fatal. */
async function reportResync(rt: Runtime, writer: CatalogWriter, state: PluginState, report: ResyncState): Promise<void> {
  const id = rt.options.integrationIdentifier;
  if (!id || !writer.integration) return;
  try {
    await writer.integration.reportResync(id, report);
  } catch (err) {
    recordError(state, { message: `reporting resync state to Port failed: ${errorMessage(err)}` }, rt.now());
  }
}
