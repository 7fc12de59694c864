import { compileMappingText, resolveMapping } from "./config/mapping.ts";
import { kindNames } from "./kinds.ts";
import type { CompiledMapping } from "./mapping/engine.ts";
import type { LoadedPlugin, Runtime } from "./runtime/context.ts";
import { loadSyncState } from "./sync/state.ts";
import { readWebhookStats } from "./sync/webhook-stats.ts";
import { readDeadLetters } from "./queue/dead-letters.ts";
import { VERSION } from "./version.ts";

/** Settings that are valid but leave part of the plugin off. */
function warnings({ plugin, settings, enabled }: LoadedPlugin): string[] {
  const key = plugin.webhook?.secretSetting;
  if (!enabled || !key || settings.status !== "ok" || settings.value[key] !== undefined) return [];
  const name = plugin.settings[key]?.env ?? key;
  return [`${name} is not set: every webhook is refused, so changes reach the catalog only with the next resync cycle`];
}

/** Per resource, how many expressions run compiled and which run on jq-web (and for want of what). */
function engineReport(mapping: CompiledMapping | undefined) {
  return mapping ? mapping.resources.map(({ index, kind, compiled, fallback }) => ({ index, kind, compiled, fallback })) : null;
}

/** Everything /status and the status page show; secrets are redacted from the whole document. */
export async function buildStatus(rt: Runtime) {
  const sync = await loadSyncState(rt.state);
  const plugins = await Promise.all(
    rt.plugins.map(async (loaded) => {
      const { plugin, settings, enabled } = loaded;
      const state = sync.plugins[plugin.name];
      // Reading the integration is a Port call: /status shows what the last tick had in force instead.
      const local = enabled && !rt.options.integrationIdentifier ? await resolveMapping(rt, plugin, { lastGood: state?.mapping }) : null;
      return [
        plugin.name,
        {
          enabled,
          settings:
            settings.status === "invalid"
              ? { status: "invalid", issues: settings.issues }
              : { status: settings.status === "ok" ? "configured" : "not configured" },
          warnings: warnings(loaded),
          kinds: kindNames(plugin),
          mapping: local
            ? {
                source: local.source,
                origin: local.origin,
                hash: local.mapping?.hash ?? null,
                refused: local.refused ?? null,
                resources: engineReport(local.mapping),
              }
            : state?.mapping
              ? {
                  source: state.mapping.source,
                  origin: state.mapping.origin,
                  hash: state.mapping.hash,
                  refused: state.mappingRefused,
                  resources: engineReport(await compileMappingText(state.mapping.text, state.mapping.origin).catch(() => undefined)),
                }
              : null,
          cycle: state?.cycle ?? null,
          lastCycle: state?.lastCycle ?? null,
          nextCycleAt: state?.nextCycleAt ?? null,
          errors: state?.errors ?? [],
          conflicts: Object.values(state?.owners ?? {}),
          webhooks: plugin.webhook ? await readWebhookStats(rt.state, plugin.name) : null,
        },
      ] as const;
    }),
  );
  const status = {
    version: VERSION,
    instance: rt.options.instance,
    port: {
      configured: rt.port.status === "ok",
      apiUrl: rt.port.status === "ok" ? rt.port.value.portApiUrl : null,
      // Without credentials entities go to the local catalog (GET /catalog) instead of Port.
      writesTo: rt.port.status === "ok" ? "port" : rt.port.status === "absent" ? "local catalog" : "nowhere",
    },
    settings: { issues: rt.settingIssues },
    lastTick: sync.lastTick,
    queue: {
      bound: rt.queue !== null,
      // Without a queue webhooks are applied after the response and ticks wait for the cron.
      webhooks: rt.queue ? "queued, retried, dead letters kept" : "applied after the response",
      lease: rt.lease ? "strongly consistent" : "KV (best effort)",
    },
    deadLetters: await readDeadLetters(rt.state),
    plugins: Object.fromEntries(plugins),
  };
  return JSON.parse(rt.redact(JSON.stringify(status))) as typeof status;
}
