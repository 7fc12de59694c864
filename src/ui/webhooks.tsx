import { count, relative, utc } from "./format.ts";
import type { DeadLetters } from "../queue/dead-letters.ts";
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

/** Events that failed every attempt on the queue; POST /admin/webhooks/replay applies them again. */
export function DeadLetterList({ letters, now }: { letters: DeadLetters; now: number }) {
  if (letters.count === 0 && letters.dropped === 0) return null;
  return (
    <section class="card webhooks">
      <h2>Webhook dead letters</h2>
      <div class="chips">
        <span>waiting <b>{count(letters.count)}</b></span>
        {letters.dropped > 0 && <span>dropped <b>{count(letters.dropped)}</b></span>}
        <span>last <b>{letters.lastAt ? <At iso={letters.lastAt} now={now} /> : "never"}</b></span>
      </div>
      {letters.lastError && <p class="msg s-bad">{letters.lastError}</p>}
      <p class="muted">Replay them with POST /admin/webhooks/replay (Authorization: Bearer ADMIN_TOKEN).</p>
      {letters.count > letters.events.length && <p class="muted">The newest {count(letters.events.length)} of {count(letters.count)}:</p>}
      <ul class="list">
        {letters.events.map((d) => (
          <li>
            <div class="where">
              <At iso={d.failedAt} now={now} /> · {d.plugin} · {d.message} · {d.attempts} attempts
            </div>
            <div class="msg">{d.error}</div>
            {d.event !== undefined ? <pre class="muted">{JSON.stringify(d.event)}</pre> : <p class="muted">event of {count(d.eventBytes)} bytes</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
