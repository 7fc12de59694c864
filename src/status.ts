import { resolveMapping } from "./config/mapping.ts";
import type { Runtime } from "./runtime/context.ts";
import { loadSyncState } from "./sync/state.ts";
import { VERSION } from "./version.ts";

/** Everything /status and the status page show; secrets are redacted from the whole document. */
export async function buildStatus(rt: Runtime) {
  const sync = await loadSyncState(rt.state);
  const plugins = await Promise.all(
    rt.plugins.map(async ({ plugin, settings, enabled }) => {
      const state = sync.plugins[plugin.name];
      const mapping = enabled ? await resolveMapping(plugin, rt.env) : null;
      return [
        plugin.name,
        {
          enabled,
          settings:
            settings.status === "invalid"
              ? { status: "invalid", issues: settings.issues }
              : { status: settings.status === "ok" ? "configured" : "not configured" },
          kinds: plugin.kinds,
          mapping: mapping && {
            source: mapping.source,
            origin: mapping.origin,
            hash: mapping.mapping?.hash ?? null,
            error: mapping.error ?? null,
          },
          cycle: state?.cycle ?? null,
          lastCycle: state?.lastCycle ?? null,
          nextCycleAt: state?.nextCycleAt ?? null,
          errors: state?.errors ?? [],
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
    plugins: Object.fromEntries(plugins),
  };
  return JSON.parse(rt.redact(JSON.stringify(status))) as typeof status;
}
