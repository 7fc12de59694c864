import { duration, plural, relative, utc } from "./format.ts";
import { PluginCard } from "./plugin.tsx";
import { css } from "./style.ts";
import type { StatusView } from "./view.ts";
import { DeadLetterList } from "./webhooks.tsx";

/** While a cycle runs the page reloads itself, so its bars move without any script. */
const REFRESH_SECONDS = 10;

function Destination({ status }: { status: StatusView }) {
  const { port } = status;
  if (port.writesTo === "port") return <>Port ({port.apiUrl})</>;
  if (port.writesTo === "local catalog") return <>the local catalog (<a href="/catalog">/catalog</a>): Port credentials are not set</>;
  return <span class="s-bad">nowhere: Port settings are invalid</span>;
}

/** Ticks skip every plugin while they have nowhere to write. */
function blocked(status: StatusView): string | null {
  if (status.port.writesTo !== "nowhere") return null;
  return "Nothing syncs: every tick stops at the invalid Port settings named above. Fix them and the next cron tick starts a cycle.";
}

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;

/** A reason such as "next cycle at 2026-11-22T12:00:00.000Z", its times relative like the rest of the page ("next cycle in 5 min"). */
function Reason({ text, now }: { text: string; now: number }) {
  const parts = text.split(ISO_TIME);
  const times = text.match(ISO_TIME) ?? [];
  return (
    <>
      {parts.map((part, i) => (
        <>
          {times[i] ? part.replace(/ at $/, " ") : part}
          {times[i] && (
            <time datetime={times[i]} title={utc(times[i])}>
              {relative(times[i], now)}
            </time>
          )}
        </>
      ))}
    </>
  );
}

function LastTick({ tick, now }: { tick: NonNullable<StatusView["lastTick"]>; now: number }) {
  return (
    <section class="card tick">
      <h2>Last tick</h2>
      <ul class="facts">
        <li>
          <time datetime={tick.startedAt} title={utc(tick.startedAt)}>{relative(tick.startedAt, now)}</time>
        </li>
        <li>took {duration(tick.durationMs)}</li>
        <li>{plural(tick.pages, "page")}</li>
        <li>{plural(tick.outbound, "outbound request")}</li>
        <li>{plural(tick.stateWrites, "state write")}</li>
      </ul>
      <ul class="list">
        {Object.entries(tick.stoppedBy).map(([plugin, why]) => (
          <li class="msg">
            <strong>{plugin}</strong> <span class="muted">
              stopped: <Reason text={why} now={now} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Page({ status, now }: { status: StatusView; now: number }) {
  const plugins = Object.entries(status.plugins);
  const syncing = plugins.some(([, p]) => p.cycle);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {syncing && <meta http-equiv="refresh" content={String(REFRESH_SECONDS)} />}
        <title>portside · {status.instance}</title>
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <main>
          <header>
            <h1>portside</h1>
            <span class="muted">
              {status.version} · instance <code>{status.instance}</code> · <a href="/status">/status</a>
            </span>
          </header>
          <p class="msg">
            Writes to <Destination status={status} />.
            {syncing && <span class="muted"> This page reloads every {REFRESH_SECONDS} s while a cycle runs.</span>}
          </p>
          {status.settings.issues.map((i) => (
            <p class="card s-bad msg">{i.message}</p>
          ))}
          {plugins.map(([name, plugin]) => (
            <PluginCard name={name} plugin={plugin} now={now} blocked={blocked(status)} />
          ))}
          {status.deadLetters && <DeadLetterList letters={status.deadLetters} now={now} />}
          {status.lastTick ? <LastTick tick={status.lastTick} now={now} /> : <p class="muted">No tick has run yet.</p>}
        </main>
      </body>
    </html>
  );
}

/** The whole status page: buildStatus's (redacted) document as HTML, with times relative to `now`. */
export function statusPage(status: StatusView, now: number): string {
  return `<!doctype html>${(<Page status={status} now={now} />).toString()}`;
}
