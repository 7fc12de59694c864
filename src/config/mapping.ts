import { loadMapping, MappingConfigError, mappingEngine, parseMappingConfig, type CompiledMapping } from "../mapping/engine.ts";
import { hasKind, kindNames, selectorProblems } from "../kinds.ts";
import { errorMessage } from "../log.ts";
import type { AnyPlugin } from "../plugin.ts";
import type { IntegrationApi } from "../port/integration.ts";
import { HttpError } from "../runtime/http.ts";
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
  /** Something to fix that did not stop the mapping (e.g. the integration could not be created). */
  warning?: string;
}

/** The setting that replaces a plugin's default mapping: its name upper-cased, dashes as underscores, e.g. MY_SOURCE_PORT_APP_CONFIG. */
export const mappingSettingName = (plugin: string) => `${plugin.replace(/-/g, "_").toUpperCase()}_PORT_APP_CONFIG`;

/** Like Ocean's: an edit in Port's UI is picked up within a minute, without a Port call per webhook. */
export const INTEGRATION_CACHE_MS = 60_000;

// Compiling costs a few jq calls and reading the integration a Port request; an isolate serves many
// requests, so both are kept for its lifetime (the integration only for INTEGRATION_CACHE_MS).
const compiled = new Map<string, Promise<CompiledMapping>>();
const integrationConfigs = new Map<string, IntegrationRead & { at: number }>();

/** Loads a mapping text once per isolate (and engine); `origin` names it in errors. */
export function compileMappingText(text: string, origin: string): Promise<CompiledMapping> {
  const key = `${mappingEngine()}\n${origin}\n${text}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const loading = loadMapping(text, origin);
  loading.catch(() => compiled.delete(key));
  compiled.set(key, loading);
  return loading;
}

/**
 * What a new integration record holds: every enabled plugin's mapping as it runs today (its setting,
 * else its default file), so creating the record changes nothing the user set.
 */
export function seedConfig(rt: Runtime): Record<string, unknown> {
  const configs = rt.plugins
    .filter((p) => p.enabled)
    .map(({ plugin }) => {
      const fromSetting = rt.env[mappingSettingName(plugin.name)];
      if (typeof fromSetting === "string" && fromSetting.trim() !== "") {
        try {
          return parseMappingConfig(fromSetting, mappingSettingName(plugin.name));
        } catch {
          // A broken setting is reported where it is used; the record gets the default instead.
        }
      }
      return parseMappingConfig(plugin.defaults.portAppConfig, plugin.defaults.portAppConfigFile);
    });
  return { ...configs[0], resources: configs.flatMap((c) => c.resources) };
}

interface IntegrationRead {
  config: Record<string, unknown> | null;
  /** Why the integration cannot hold the mapping (e.g. Port refused to create it). */
  problem?: string;
}

async function integrationConfig(rt: Runtime, api: IntegrationApi, id: string): Promise<IntegrationRead> {
  const key = `${rt.port.status === "ok" ? rt.port.value.portApiUrl : ""}|${id}`;
  const cached = integrationConfigs.get(key);
  if (cached && rt.now() - cached.at < INTEGRATION_CACHE_MS) return cached;
  let read: IntegrationRead;
  const record = await api.get(id);
  if (record) {
    read = { config: record.config };
  } else {
    const config = seedConfig(rt);
    try {
      await api.create(id, { title: `portside (${rt.options.instance})`, version: VERSION, config });
      rt.log.info("integration.created", { integration: id });
      read = { config };
    } catch (err) {
      if (err instanceof HttpError && err.transient) throw err;
      // Creating integrations is not in Port's published API; where it is refused, the setting or
      // the default mapping goes on working, and /status says why the integration is not used.
      read = { config: null, problem: `could not create Port integration "${id}": ${errorMessage(err)}` };
      rt.log.error("integration.create_failed", { integration: id, error: errorMessage(err) });
    }
  }
  integrationConfigs.set(key, { at: rt.now(), ...read });
  return read;
}

interface Candidate {
  source: MappingSource;
  origin: string;
  text: string;
  warning?: string;
}

async function candidateFor(rt: Runtime, plugin: AnyPlugin, integration: IntegrationApi | null): Promise<Candidate> {
  const id = rt.options.integrationIdentifier;
  let warning: string | undefined;
  if (id && integration) {
    const { config, problem } = await integrationConfig(rt, integration, id);
    // An integration whose config was emptied falls back to the setting or the default, as Ocean errs.
    if (config) return { source: "integration", origin: `Port integration "${id}"`, text: JSON.stringify(config) };
    warning = problem;
  }
  const settingName = mappingSettingName(plugin.name);
  const fromSetting = rt.env[settingName];
  if (typeof fromSetting === "string" && fromSetting.trim() !== "") {
    return { source: "setting", origin: settingName, text: fromSetting, ...(warning && { warning }) };
  }
  return {
    source: "default",
    origin: plugin.defaults.portAppConfigFile,
    text: plugin.defaults.portAppConfig,
    ...(warning && { warning }),
  };
}

/**
 * A config from the integration may hold every plugin's resources; each plugin takes its own kinds.
 * A kind no plugin knows is an error, as in Ocean; in a plugin's own setting or file, so is another
 * plugin's kind.
 */
function unknownKinds(rt: Runtime, plugin: AnyPlugin, mapping: CompiledMapping, source: MappingSource): string | null {
  const owners = source === "integration" ? rt.plugins.map((p) => p.plugin) : [plugin];
  const known = owners.flatMap(kindNames);
  const unknown = mapping.resources.filter((r) => !owners.some((p) => hasKind(p, r.kind)));
  if (unknown.length === 0) return null;
  const list = unknown.map((r) => `resources[${r.index}].kind "${r.kind}"`).join(", ");
  return `${mapping.source}: ${list} is not a kind of ${source === "integration" ? "any plugin" : plugin.name} (${known.join(", ")})`;
}

async function tryCompile(rt: Runtime, plugin: AnyPlugin, c: Candidate): Promise<{ mapping?: CompiledMapping; error?: string }> {
  try {
    const mapping = await compileMappingText(c.text, c.origin);
    const unknown = unknownKinds(rt, plugin, mapping, c.source);
    if (unknown) return { error: unknown };
    // Checked like a jq expression: a selector the kind would refuse on every page refuses the mapping.
    const problems = selectorProblems(plugin, mapping);
    return problems.length > 0 ? { error: new MappingConfigError(mapping.source, problems).message } : { mapping };
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
  if (result.mapping) {
    return {
      source: candidate.source,
      origin: candidate.origin,
      mapping: result.mapping,
      text: candidate.text,
      ...(candidate.warning && { warning: candidate.warning }),
    };
  }
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
