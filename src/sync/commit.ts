import type { Runtime } from "../runtime/context.ts";
import type { Outbound } from "../runtime/outbound.ts";
import type { CpuEstimate } from "./cpu.ts";
import type { TickLease } from "./lease.ts";
import type { ActiveRun } from "./plugin-run.ts";
import type { Scheduled } from "./schedule.ts";
import { indexPage, segmentKey, writeSegment, type Segment } from "./segments.ts";
import { saveSyncState } from "./state.ts";
import type { SyncState, TickReport } from "./types.ts";

export interface TickToCommit extends Scheduled {
  id: string;
  started: number;
  sync: SyncState;
  runs: readonly ActiveRun[];
  outbound: Outbound | undefined;
  cpu: CpuEstimate;
  lease: TickLease;
  /** What of the commit is done, for the tick's error path: the state saved, the lease released. */
  progress: { saved: boolean; released: boolean };
}

/**
 * Save what the tick did: one segment with what its pages produced, then the sync state pointing
 * at it, then release the lease, then remove the segments nothing reads any more. Returns the
 * tick's report and, when the lease store counts them, the state writes made this UTC day.
 */
export async function commitTick(rt: Runtime, tick: TickToCommit): Promise<{ report: TickReport; writesToday: number | undefined }> {
  const { sync } = tick;
  // The segment goes first: the saved state must never point at a segment that was not written.
  await saveSegment(rt, tick.id, tick.runs);
  const report: TickReport = {
    id: tick.id,
    startedAt: new Date(tick.started).toISOString(),
    durationMs: rt.now() - tick.started,
    outbound: tick.outbound?.used ?? 0,
    cpuEstimateMs: Math.round(tick.cpu.spentMs * 10) / 10,
    // The final save below is this tick's last write.
    stateWrites: rt.state.writes + 1,
    pages: tick.steps,
    stoppedBy: tick.stoppedBy,
  };
  sync.lastTickId = tick.id;
  sync.lastTick = report;
  await saveSyncState(rt.state, sync);
  tick.progress.saved = true;
  const writesToday = await tick.lease.release(report.stateWrites, true);
  tick.progress.released = true;
  rt.log.info("tick.done", { ...report });
  await collectGarbage(rt, sync, tick.obsolete);
  return { report, writesToday };
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

/**
 * Segments of the cycle before the last one are no longer read, unless another plugin's cycle
 * shares them (a segment holds every plugin of its tick); expiry removes any left behind.
 */
async function collectGarbage(rt: Runtime, sync: SyncState, obsolete: readonly string[]): Promise<void> {
  const referenced = new Set(
    Object.values(sync.plugins).flatMap((p) => [
      ...(p.cycle?.segments ?? []),
      ...(p.cycle?.reconcile?.staleSegments ?? []),
      ...(p.lastCycle?.segments ?? []),
    ]),
  );
  await Promise.allSettled(obsolete.filter((key) => !referenced.has(key)).map((key) => rt.state.remove(key)));
}
