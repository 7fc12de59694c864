import type { PluginContext } from "../plugin.ts";
import type { LoadedPlugin, Runtime } from "../runtime/context.ts";
import { createHttp } from "../runtime/http.ts";
import type { Outbound } from "../runtime/outbound.ts";
import { userAgentFor as portUserAgent } from "../port/user-agent.ts";
import { VERSION } from "../version.ts";
import type { AnyPlugin } from "../plugin.ts";

/** What a plugin sees: its parsed settings and HTTP that counts against this invocation's budget. */
export function pluginContext(rt: Runtime, loaded: LoadedPlugin, outbound: Outbound): PluginContext<any> {
  const settings = loaded.settings.status === "ok" ? loaded.settings.value : {};
  const secrets = loaded.settings.status === "ok" ? loaded.settings.secrets : [];
  return {
    settings,
    http: (options) => createHttp({ ...options, outbound, secrets: () => secrets }),
    log: rt.log.child({ plugin: loaded.plugin.name }),
    cache: new Map(),
  };
}

export function userAgentFor(rt: Runtime, plugin: AnyPlugin, kind: string): string {
  return portUserAgent({
    plugin: plugin.name,
    instance: rt.options.instance,
    kind,
    datasource: plugin.datasource,
    version: VERSION,
  });
}
