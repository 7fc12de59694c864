import { errorMessage } from "../log.ts";
import type { ResyncState } from "../port/integration.ts";
import type { Runtime } from "../runtime/context.ts";
import type { CatalogWriter } from "./catalog-writer.ts";
import { recordError, type PluginState } from "./types.ts";

/** The last finished cycle as Port's integration shows it. */
export function cycleReport(plugin: string, state: PluginState, intervalMinutes: number): ResyncState {
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
export async function reportResync(rt: Runtime, writer: CatalogWriter, state: PluginState, report: ResyncState): Promise<void> {
  const id = rt.options.integrationIdentifier;
  if (!id || !writer.integration) return;
  try {
    await writer.integration.reportResync(id, report);
  } catch (err) {
    recordError(state, { message: `reporting resync state to Port failed: ${errorMessage(err)}` }, rt.now());
  }
}
