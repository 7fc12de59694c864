import type { CycleState, CycleSummary, KindReconcile } from "../sync/types.ts";
import { ProgressBar } from "./bar.tsx";
import { count, duration, plural, relative, utc } from "./format.ts";
import { kindProgress, type KindProgress } from "./progress.ts";

function Listed({ p, running }: { p: KindProgress; running: boolean }) {
  const pages = plural(p.pages, "page");
  if (running && p.status === "pending") return <span>waiting{p.expected !== null && ` · ~${plural(p.expected, "item")} last cycle`}</span>;
  if (!running || p.status !== "running") return <span>{plural(p.listed, "item")} · {pages}</span>;
  return (
    <span>
      {plural(p.listed, "item")}
      {p.expected ? ` of ~${count(p.expected)} last cycle` : " so far"} · {pages}
    </span>
  );
}

function KindRow({ p, running }: { p: KindProgress; running: boolean }) {
  return (
    <div class="kind" data-kind={p.kind}>
      <div class="row">
        <span>
          <strong>{p.kind}</strong> <span class={`badge s-${p.status}`}>{p.status}</span>
        </span>
        <Listed p={p} running={running} />
      </div>
      {running && <ProgressBar progress={p} />}
      <div class="chips">
        {p.resources > 1 && (
          <span>
            resources <b>{p.resourcesDone}/{p.resources}</b>
          </span>
        )}
        <span>upserted <b>{count(p.upserted)}</b></span>
        <span>unchanged <b>{count(p.unchanged)}</b></span>
        <span>failed <b>{count(p.failed)}</b></span>
        <span>skipped <b>{count(p.skipped)}</b></span>
        <span>filtered <b>{count(p.filtered)}</b></span>
      </div>
    </div>
  );
}

function ReconcileRow({ k }: { k: KindReconcile }) {
  return (
    <li data-kind={k.kind}>
      <div class="row">
        <strong>{k.kind}</strong>
        <span class="chips">
          <span>owned <b>{count(k.owned)}</b></span>
          <span>stale <b>{count(k.stale)}</b></span>
          <span>deleted <b>{count(k.deleted)}</b></span>
          {k.failed > 0 && <span>failed <b>{count(k.failed)}</b></span>}
        </span>
      </div>
      {k.skipped && <div class="skip msg">deletions skipped: {k.skipped}</div>}
    </li>
  );
}

/** Deletion of entities the cycle no longer produced; a skipped kind says why it kept them. */
function Reconcile({ cycle, running }: { cycle: CycleState; running: boolean }) {
  const rec = cycle.reconcile;
  if (!rec) return null;
  const phase = running ? (rec.phase === "scan" ? " · finding stale entities" : " · deleting stale entities") : "";
  return (
    <section>
      <h3>Deletions{phase}</h3>
      <ul class="list">
        {rec.kinds.map((k) => (
          <ReconcileRow k={k} />
        ))}
      </ul>
    </section>
  );
}

export function RunningCycle({ cycle, previous, now }: { cycle: CycleState; previous: CycleState | null; now: number }) {
  return (
    <section class="cycle running">
      <h3>Running cycle</h3>
      <p class="muted">
        started {relative(cycle.startedAt, now)} ({utc(cycle.startedAt)}) · {cycle.reason}
      </p>
      {kindProgress(cycle, previous).map((p) => (
        <KindRow p={p} running />
      ))}
      <Reconcile cycle={cycle} running />
    </section>
  );
}

export function LastCycle({ cycle, now }: { cycle: CycleSummary; now: number }) {
  const took = Date.parse(cycle.finishedAt) - Date.parse(cycle.startedAt);
  return (
    <section class="cycle last">
      <h3>Last cycle</h3>
      <p class="muted">
        finished {relative(cycle.finishedAt, now)} ({utc(cycle.finishedAt)}) · took {duration(took)} · {cycle.reason}
      </p>
      {kindProgress(cycle, null).map((p) => (
        <KindRow p={p} running={false} />
      ))}
      <Reconcile cycle={cycle} running={false} />
    </section>
  );
}
