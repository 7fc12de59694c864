import { LastCycle, RunningCycle } from "./cycle.tsx";
import { ErrorList } from "./errors.tsx";
import { relative, utc } from "./format.ts";
import type { MappingResourceView, PluginView } from "./view.ts";
import { Webhooks } from "./webhooks.tsx";

/** Why the preferred mapping is not in force, in whichever shape /status gives it. */
function mappingProblem(mapping: NonNullable<PluginView["mapping"]>): string | null {
  for (const value of [mapping.refused, mapping.error]) {
    if (typeof value === "string" && value !== "") return value;
    if (value && typeof value === "object" && "error" in value && typeof value.error === "string") return value.error;
  }
  return null;
}

/** Which expressions run on jq-web rather than compiled, and why: they cost more CPU per item. */
function Fallbacks({ resources }: { resources: MappingResourceView[] }) {
  const fallbacks = resources.flatMap((r) => r.fallback.map((f) => ({ ...f, resource: `resources[${r.index}] (${r.kind})` })));
  if (fallbacks.length === 0) return null;
  return (
    <ul class="list mapping-fallback">
      {fallbacks.map((f) => (
        <li class="msg">
          {f.resource} {f.field}: <code>{f.expression}</code> runs on jq-web ({f.feature})
        </li>
      ))}
    </ul>
  );
}

const countExpressions = (resources: MappingResourceView[]) => {
  const compiled = resources.reduce((sum, r) => sum + r.compiled, 0);
  const fallback = resources.reduce((sum, r) => sum + r.fallback.length, 0);
  return `${compiled} of ${compiled + fallback} expressions compiled`;
};

function state(p: PluginView, blocked: string | null): [label: string, tone: string] {
  if (p.settings.status === "invalid") return ["invalid settings", "bad"];
  if (!p.enabled) return ["not configured", "pending"];
  if (blocked) return ["stopped", "bad"];
  if (p.cycle) return ["syncing", "running"];
  return ["idle", "ok"];
}

/** `blocked`: why no tick runs this plugin at all (e.g. invalid Port settings), shown instead of "the next tick starts one". */
export function PluginCard({ name, plugin, now, blocked }: { name: string; plugin: PluginView; now: number; blocked: string | null }) {
  const [label, tone] = state(plugin, blocked);
  const problem = plugin.mapping && mappingProblem(plugin.mapping);
  return (
    <article class="card plugin" id={`plugin-${name}`} data-plugin={name}>
      <div class="head">
        <h2>{name}</h2>
        <span class={`badge s-${tone}`}>{label}</span>
      </div>
      <ul class="facts muted">
        <li>kinds: {plugin.kinds.join(", ")}</li>
        {plugin.mapping && (
          <li>
            mapping: <code>{plugin.mapping.origin}</code>
            {plugin.mapping.hash && <> ({plugin.mapping.hash.slice(0, 8)})</>}
            {plugin.mapping.resources && <>, {countExpressions(plugin.mapping.resources)}</>}
          </li>
        )}
        {plugin.enabled && !blocked && !plugin.cycle && plugin.nextCycleAt && (
          <li>
            next cycle <time datetime={plugin.nextCycleAt} title={utc(plugin.nextCycleAt)}>{relative(plugin.nextCycleAt, now)}</time>
          </li>
        )}
      </ul>
      {plugin.settings.issues && plugin.settings.issues.length > 0 && (
        <ul class="list">
          {plugin.settings.issues.map((i) => (
            <li class="s-bad msg">{i.message}</li>
          ))}
        </ul>
      )}
      {plugin.warnings?.map((w) => (
        <p class="s-warn msg">{w}</p>
      ))}
      {problem && <p class="s-bad msg">mapping refused: {problem}</p>}
      {plugin.enabled && blocked && <p class="s-bad msg">{blocked}</p>}
      {plugin.mapping?.resources && <Fallbacks resources={plugin.mapping.resources} />}
      {plugin.enabled && !blocked && !plugin.cycle && !plugin.lastCycle && <p class="muted">No cycle has run yet: the next cron tick starts one.</p>}
      {plugin.cycle && <RunningCycle cycle={plugin.cycle} previous={plugin.lastCycle} now={now} />}
      {plugin.lastCycle && <LastCycle cycle={plugin.lastCycle} now={now} />}
      {plugin.webhooks && <Webhooks counts={plugin.webhooks} now={now} />}
      {(plugin.enabled || plugin.errors.length > 0) && (
        <section>
          <h3>Recent errors</h3>
          <ErrorList errors={plugin.errors} now={now} />
        </section>
      )}
    </article>
  );
}
