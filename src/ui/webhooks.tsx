import { count, relative, utc } from "./format.ts";
import type { WebhookCounts } from "./view.ts";

function At({ iso, now }: { iso: string; now: number }) {
  return (
    <time datetime={iso} title={utc(iso)}>
      {relative(iso, now)}
    </time>
  );
}

export function Webhooks({ counts, now }: { counts: WebhookCounts; now: number }) {
  const failures = counts.failures ?? [];
  return (
    <section class="webhooks">
      <h3>Webhooks</h3>
      <div class="chips">
        <span>received <b>{count(counts.received)}</b></span>
        <span>applied <b>{count(counts.applied)}</b></span>
        <span>failed <b>{count(counts.failed)}</b></span>
        {counts.rejected !== undefined && <span>rejected <b>{count(counts.rejected)}</b></span>}
        {counts.ignored !== undefined && <span>ignored <b>{count(counts.ignored)}</b></span>}
        <span>last <b>{counts.lastAt ? <At iso={counts.lastAt} now={now} /> : "never"}</b></span>
      </div>
      {failures.length > 0 && (
        <ul class="list">
          {failures.map((f) => (
            <li>
              <div class="where">
                <At iso={f.at} now={now} /> · {f.event}
              </div>
              <div class="msg">{f.message}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
