import { loadMapping, parseMappingConfig, type CompiledMapping } from "../mapping/engine.ts";
import { errorMessage } from "../log.ts";
import type { AnyPlugin } from "../plugin.ts";
import type { IntegrationApi } from "../port/integration.ts";
import type { Runtime } from "../runtime/context.ts";
import { VERSION } from "../version.ts";

export type MappingSource = "integration" | "setting" | "default";

/** The mapping a plugin last ran with successfully, kept in sync state so a broken edit never wins. */
export interface LastGoodMapping {
  source: MappingSource;
  origin: string;
  hash: string;
  text: string;
}

export interface MappingInForce {
  source: MappingSource;
  /** Where the text came from, as users name it: the integration, the setting or the file. */
  origin: string;
  mapping?: CompiledMapping;
  /** The text in force, to be remembered as the last good mapping. */
  text?: string;
  /** The preferred mapping was refused (parse, validation or jq error): why, and that it was not used. */
  refused?: { source: MappingSource; origin: string; error: string };
  /** Nothing could be put in force. */
  error?: string;
}

/** HARBOR_PORT_APP_CONFIG for "harbor", BITBUCKET_GITOPS_PORT_APP_CONFIG for "bitbucket-gitops". */
export const mappingSettingName = (plugin: string) => `${plugin.replace(/-/g, "_").toUpperCase()}_PORT_APP_CONFIG`;

/** Like Ocean's: an edit in Port's UI is picked up within a minute, without a Port call per webhook. */
export const INTEGRATION_CACHE_MS = 60_000;

// Compiling costs a few jq calls and reading the integration a Port request; an isolate serves many
// requests, so both are kept for its lifetime (the integration only for INTEGRATION_CACHE_MS).
const compiled = new Map<string, Promise<CompiledMapping>>();
const integrationConfigs = new Map<string, { at: number; config: Record<string, unknown> | null }>();

function compile(text: string, origin: string): Promise<CompiledMapping> {
  const key = `${origin}\n${text}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const loading = loadMapping(text, origin);
  loading.catch(() => compiled.delete(key));
  compiled.set(key, loading);
  return loading;
}

/** The default mappings of every enabled plugin in one config: what a new integration record holds. */
export function combinedDefaultConfig(rt: Runtime): Record<string, unknown> {
  const configs = rt.plugins
    .filter((p) => p.enabled)
    .map((p) => parseMappingConfig(p.plugin.defaults.portAppConfig, `mappings/${p.plugin.name}/port-app-config.yml`));
  return { ...configs[0], resources: configs.flatMap((c) => c.resources) };
}

async function integrationConfig(rt: Runtime, api: IntegrationApi, id: string): Promise<Record<string, unknown> | null> {
  const key = `${rt.port.status === "ok" ? rt.port.value.portApiUrl : ""}|${id}`;
  const cached = integrationConfigs.get(key);
  if (cached && rt.now() - cached.at < INTEGRATION_CACHE_MS) return cached.config;
  let record = await api.get(id);
  if (!record) {
    const config = combinedDefaultConfig(rt);
    await api.create(id, { title: `portside (${rt.options.instance})`, version: VERSION, config });
    rt.log.info("integration.created", { integration: id });
    record = { config };
  }
  integrationConfigs.set(key, { at: rt.now(), config: record.config });
  return record.config;
}

interface Candidate {
  source: MappingSource;
  origin: string;
  text: string;
}

async function candidateFor(rt: Runtime, plugin: AnyPlugin, integration: IntegrationApi | null): Promise<Candidate> {
  const id = rt.options.integrationIdentifier;
  if (id && integration) {
    const config = await integrationConfig(rt, integration, id);
    // An integration whose config was emptied falls back to the setting or the default, as Ocean errs.
    if (config) return { source: "integration", origin: `Port integration "${id}"`, text: JSON.stringify(config) };
  }
  const settingName = mappingSettingName(plugin.name);
  const fromSetting = rt.env[settingName];
  if (typeof fromSetting === "string" && fromSetting.trim() !== "") {
    return { source: "setting", origin: settingName, text: fromSetting };
  }
  return { source: "default", origin: `mappings/${plugin.name}/port-app-config.yml`, text: plugin.defaults.portAppConfig };
}

/**
 * A config from the integration may hold every plugin's resources; each plugin takes its own kinds.
 * A kind no plugin knows is an error, as in Ocean; in a plugin's own setting or file, so is another
 * plugin's kind.
 */
function unknownKinds(rt: Runtime, plugin: AnyPlugin, mapping: CompiledMapping, source: MappingSource): string | null {
  const known = source === "integration" ? rt.plugins.flatMap((p) => p.plugin.kinds) : plugin.kinds;
  const unknown = mapping.resources.filter((r) => !known.includes(r.kind));
  if (unknown.length === 0) return null;
  const list = unknown.map((r) => `resources[${r.index}].kind "${r.kind}"`).join(", ");
  return `${mapping.source}: ${list} is not a kind of ${source === "integration" ? "any plugin" : plugin.name} (${known.join(", ")})`;
}

async function tryCompile(rt: Runtime, plugin: AnyPlugin, c: Candidate): Promise<{ mapping?: CompiledMapping; error?: string }> {
  try {
    const mapping = await compile(c.text, c.origin);
    const unknown = unknownKinds(rt, plugin, mapping, c.source);
    return unknown ? { error: unknown } : { mapping };
  } catch (err) {
    return { error: errorMessage(err) };
  }
}

/**
 * The mapping a plugin runs with: the integration's in Port (PORT_INTEGRATION_IDENTIFIER), else the
 * setting, else the default file. A mapping that fails to load is refused and the last good one
 * stays in force, so a broken edit never changes (or deletes) anything.
 */
export async function resolveMapping(
  rt: Runtime,
  plugin: AnyPlugin,
  options: { integration?: IntegrationApi | null; lastGood?: LastGoodMapping | null } = {},
): Promise<MappingInForce> {
  let candidate: Candidate;
  try {
    candidate = await candidateFor(rt, plugin, options.integration ?? null);
  } catch (err) {
    const id = rt.options.integrationIdentifier;
    return fallBack(rt, plugin, options.lastGood, {
      source: "integration",
      origin: `Port integration "${id}"`,
      error: `could not read the integration: ${errorMessage(err)}`,
    });
  }
  const result = await tryCompile(rt, plugin, candidate);
  if (result.mapping) return { source: candidate.source, origin: candidate.origin, mapping: result.mapping, text: candidate.text };
  return fallBack(rt, plugin, options.lastGood, { source: candidate.source, origin: candidate.origin, error: result.error! });
}

async function fallBack(
  rt: Runtime,
  plugin: AnyPlugin,
  lastGood: LastGoodMapping | null | undefined,
  refused: NonNullable<MappingInForce["refused"]>,
): Promise<MappingInForce> {
  if (lastGood) {
    const previous = await tryCompile(rt, plugin, lastGood);
    if (previous.mapping) {
      return { source: lastGood.source, origin: lastGood.origin, mapping: previous.mapping, text: lastGood.text, refused };
    }
  }
  return { source: refused.source, origin: refused.origin, refused, error: refused.error };
}
