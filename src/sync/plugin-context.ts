import { kindNames } from "../kinds.ts";
import type { PluginContext } from "../plugin.ts";
import type { LoadedPlugin, Runtime } from "../runtime/context.ts";
import { createHttp } from "../runtime/http.ts";
import type { Outbound } from "../runtime/outbound.ts";
import { ownershipFor, userAgentFor as portUserAgent, type Ownership } from "../port/user-agent.ts";
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

const writerOf = (rt: Runtime, plugin: AnyPlugin, kind: string) => ({
  plugin: plugin.name,
  instance: rt.options.instance,
  kind,
  datasource: plugin.datasource,
});

/** The User-Agent of every write for one kind; Port keeps it as the entity's datasource. */
export function userAgentFor(rt: Runtime, plugin: AnyPlugin, kind: string): string {
  return portUserAgent({ ...writerOf(rt, plugin, kind), version: VERSION });
}

/** How this deployment's entities of one kind are found again, whatever version wrote them. */
export function ownershipOf(rt: Runtime, plugin: AnyPlugin, kind: string): Ownership {
  return ownershipFor(writerOf(rt, plugin, kind));
}

/**
 * Every writer of this deployment (PORTSIDE_INSTANCE), any plugin and kind. What one of them wrote
 * is not foreign to another: Port makes a relation's missing target under the User-Agent of the
 * kind whose write named it, and the kind (or plugin) that declares the target takes it over.
 */
export function deploymentOwnership(rt: Runtime): Ownership[] {
  return rt.plugins.flatMap(({ plugin }) => kindNames(plugin).map((kind) => ownershipOf(rt, plugin, kind)));
}
