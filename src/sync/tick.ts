import { resolveMapping, type MappingInForce } from "../config/mapping.ts";
import { errorMessage } from "../log.ts";
import type { PluginContext } from "../plugin.ts";
import type { LoadedPlugin, Runtime } from "../runtime/context.ts";
import { createOutbound, type Outbound } from "../runtime/outbound.ts";
import { cycleStartReason, finishCycle, newCycle } from "./cycle.ts";
import { runPage, type PageRun } from "./page.ts";
import { isStopError } from "./stop.ts";
import { syncKeys, loadSyncState, saveSyncState } from "./state.ts";
import {
  emptyPluginState,
  recordError,
  type Lease,
  type SyncState,
  type TickReport,
} from "./types.ts";
import { createWriter } from "./writers.ts";
import type { CatalogWriter } from "./writer.ts";
import { pluginContext, userAgentFor } from "./plugin-context.ts";

/** Extra time a lease outlives the tick's own time budget, so a crashed tick's lease expires soon after. */
const LEASE_MARGIN_MS = 30_000;

interface ActiveRun extends PageRun {
  loaded: LoadedPlugin;
  /** Outbound requests the last page cost; a page starts only if the budget still covers it. */
  pageCost: number;
}

export interface TickResult {
  ran: boolean;
  reason?: string;
  report?: TickReport;
}

/**
 * One cron tick: take the lease, continue every enabled plugin's resync cycle page by page (round
 * robin, so plugins share the tick fairly) until the subrequest or time budget is spent, then save.
 * State is written at most three times: the lease, the produced identifiers, the sync state.
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

  const outbound = createOutbound(rt.options.subrequestBudget, rt.fetch);
  const writer = createWriter(rt, outbound, sync);
  if (!writer) {
    rt.log.warn("tick.idle", { reason: "Port credentials are not set (PORT_CLIENT_ID, PORT_CLIENT_SECRET)" });
  }
  const deadline = started + rt.options.timeBudgetMs;
  const stoppedBy: Record<string, string> = {};
  let pages = 0;

  const active: ActiveRun[] = [];
  for (const loaded of writer ? rt.plugins.filter((p) => p.enabled) : []) {
    const run = await prepare(rt, loaded, sync, outbound, writer!, stoppedBy);
    if (run) active.push(run);
  }

  while (active.length > 0) {
    for (const run of [...active]) {
      // Only finishCycle clears the cycle, and it takes the plugin out of the rotation.
      const cycle = run.state.cycle!;
      const stop = (why: string) => {
        stoppedBy[run.plugin.name] = why;
        active.splice(active.indexOf(run), 1);
      };
      if (cycle.position >= cycle.resources.length) {
        finishCycle(run.state, rt.options.intervalMinutes, rt.now());
        rt.log.info("cycle.finished", { plugin: run.plugin.name, cycle: cycle.id });
        stop("cycle finished");
        continue;
      }
      if (rt.now() >= deadline) {
        stop("time budget spent");
        continue;
      }
      if (outbound.remaining < run.pageCost) {
        stop("subrequest budget spent");
        continue;
      }
      const before = outbound.used;
      try {
        const outcome = await runPage(run, cycle);
        pages++;
        run.pageCost = Math.max(1, outbound.used - before);
        rt.log.info("page.done", {
          plugin: run.plugin.name,
          cycle: cycle.id,
          kind: cycle.resources[Math.min(cycle.position, cycle.resources.length - 1)]?.kind,
          listed: outcome.listed,
          outbound: outbound.used - before,
        });
      } catch (err) {
        if (isStopError(err)) {
          stop(`${err.name}: ${err.message}`);
          continue;
        }
        // An unexpected failure stops this plugin for the tick; progress made so far is still saved.
        recordError(run.state, { message: `tick failed: ${errorMessage(err)}` }, rt.now());
        rt.log.error("page.failed", { plugin: run.plugin.name, cycle: cycle.id, error: errorMessage(err) });
        stop(`error: ${errorMessage(err)}`);
      }
    }
  }

  const report: TickReport = {
    id: tickId,
    startedAt: new Date(started).toISOString(),
    durationMs: rt.now() - started,
    outbound: outbound.used,
    // The final save below is the last write of this tick.
    stateWrites: rt.state.writes + 1,
    pages,
    stoppedBy,
  };
  sync.lastTickId = tickId;
  sync.lastTick = report;
  await saveSyncState(rt.state, sync);
  rt.log.info("tick.done", { ...report });
  return { ran: true, report };
}

async function prepare(
  rt: Runtime,
  loaded: LoadedPlugin,
  sync: SyncState,
  outbound: Outbound,
  writer: CatalogWriter,
  stoppedBy: Record<string, string>,
): Promise<ActiveRun | null> {
  const { plugin } = loaded;
  const state = (sync.plugins[plugin.name] ??= emptyPluginState());
  const inForce: MappingInForce = await resolveMapping(plugin, rt.env);
  if (!inForce.mapping) {
    recordError(state, { message: `mapping refused: ${inForce.error}` }, rt.now());
    rt.log.error("mapping.invalid", { plugin: plugin.name, origin: inForce.origin, error: inForce.error });
    stoppedBy[plugin.name] = "mapping invalid";
    return null;
  }
  const mapping = inForce.mapping;
  const context: PluginContext<any> = pluginContext(rt, loaded, outbound);
  const requestedAt = await rt.state.get<string>(syncKeys.request(plugin.name));
  const reason = cycleStartReason(state, mapping, requestedAt, rt.now());
  if (reason) {
    if (requestedAt) state.handledRequestAt = requestedAt;
    state.cycle = newCycle(plugin, mapping, reason, rt.now());
    rt.log.info("cycle.started", { plugin: plugin.name, cycle: state.cycle.id, reason });
  }
  if (!state.cycle) {
    stoppedBy[plugin.name] = `next cycle at ${state.nextCycleAt}`;
    return null;
  }
  try {
    if (state.blueprintsFor !== mapping.hash) {
      const result = await writer.ensureBlueprints(plugin.defaults.blueprints);
      if (result.created.length) rt.log.info("blueprints.created", { plugin: plugin.name, created: result.created });
      state.blueprintsFor = mapping.hash;
    }
    if (reason) await plugin.onCycleStart?.(context);
  } catch (err) {
    if (isStopError(err)) {
      stoppedBy[plugin.name] = `${err.name}: ${err.message}`;
      return null;
    }
    recordError(state, { message: `cycle start: ${errorMessage(err)}` }, rt.now());
  }
  return {
    loaded,
    plugin,
    state,
    mapping,
    writer,
    context,
    userAgent: (kind) => userAgentFor(rt, plugin, kind),
    now: rt.now,
    pageCost: 2 + Math.ceil(plugin.pageSize / 20),
  };
}
