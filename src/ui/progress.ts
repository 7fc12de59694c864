import type { CycleState, ResourceProgress, ResourceStatus } from "../sync/types.ts";

/** One kind of one cycle: its resources (a kind may have several selectors) added together. */
export interface KindProgress
  extends Pick<ResourceProgress, "kind" | "status" | "pages" | "listed" | "upserted" | "unchanged" | "failed" | "skipped" | "filtered"> {
  resourcesDone: number;
  resources: number;
  /** Items the last cycle listed of this kind: the bar's 100% while totals are unknown. */
  expected: number | null;
  /** 0..1, or null when there is nothing to measure against (a first cycle still listing). */
  fraction: number | null;
}

const FINISHED: ReadonlySet<ResourceStatus> = new Set(["done", "failed", "unavailable"]);

/** The worst status wins, so one failed selector is never hidden behind a done one. */
function kindStatus(resources: ResourceProgress[]): ResourceStatus {
  const has = (s: ResourceStatus) => resources.some((r) => r.status === s);
  if (has("failed")) return "failed";
  if (has("unavailable")) return "unavailable";
  if (has("running")) return "running";
  if (resources.every((r) => r.status === "done")) return "done";
  return has("done") ? "running" : "pending";
}

function listedByKind(cycle: CycleState | null): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of cycle?.resources ?? []) totals.set(r.kind, (totals.get(r.kind) ?? 0) + r.listed);
  return totals;
}

/** Per kind, in sync order: how far `cycle` got, measured against what `previous` listed. */
export function kindProgress(cycle: CycleState, previous: CycleState | null): KindProgress[] {
  const byKind = new Map<string, ResourceProgress[]>();
  for (const r of cycle.resources) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
  const before = listedByKind(previous);
  return [...byKind].map(([kind, resources]) => {
    const sum = (field: "pages" | "listed" | "upserted" | "unchanged" | "failed" | "skipped" | "filtered") =>
      resources.reduce((n, r) => n + r[field], 0);
    const status = kindStatus(resources);
    const listed = sum("listed");
    const expected = before.get(kind) ?? null;
    let fraction: number | null;
    if (status !== "running") fraction = status === "pending" ? 0 : 1;
    // Listing may outgrow last cycle's total: stay short of full until the listing says it is done.
    else fraction = expected ? Math.min(listed / expected, 0.99) : null;
    return {
      kind,
      status,
      resourcesDone: resources.filter((r) => FINISHED.has(r.status)).length,
      resources: resources.length,
      pages: sum("pages"),
      listed,
      upserted: sum("upserted"),
      unchanged: sum("unchanged"),
      failed: sum("failed"),
      skipped: sum("skipped"),
      filtered: sum("filtered"),
      expected,
      fraction,
    };
  });
}
