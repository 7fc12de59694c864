import { loadMapping, type CompiledMapping } from "../mapping/engine.ts";
import { errorMessage } from "../log.ts";
import type { AnyPlugin } from "../plugin.ts";
import type { Env } from "./settings.ts";

export interface MappingInForce {
  source: "default" | "setting";
  /** Where the text came from, as users name it: the setting or the file. */
  origin: string;
  mapping?: CompiledMapping;
  error?: string;
}

/** HARBOR_PORT_APP_CONFIG for "harbor", BITBUCKET_GITOPS_PORT_APP_CONFIG for "bitbucket-gitops". */
export const mappingSettingName = (plugin: string) => `${plugin.replace(/-/g, "_").toUpperCase()}_PORT_APP_CONFIG`;

// Compiling costs a few jq calls; an isolate serves many requests, so keep what it compiled.
const compiled = new Map<string, Promise<CompiledMapping>>();

function compile(text: string, origin: string): Promise<CompiledMapping> {
  const key = `${origin}\n${text}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const loading = loadMapping(text, origin);
  loading.catch(() => compiled.delete(key));
  compiled.set(key, loading);
  return loading;
}

export async function resolveMapping(plugin: AnyPlugin, env: Env): Promise<MappingInForce> {
  const settingName = mappingSettingName(plugin.name);
  const fromSetting = env[settingName];
  const source = typeof fromSetting === "string" && fromSetting.trim() !== "" ? "setting" : "default";
  const origin = source === "setting" ? settingName : `mappings/${plugin.name}/port-app-config.yml`;
  const text = source === "setting" ? (fromSetting as string) : plugin.defaults.portAppConfig;
  try {
    const mapping = await compile(text, origin);
    const unknown = mapping.resources.filter((r) => !plugin.kinds.includes(r.kind));
    if (unknown.length > 0) {
      const list = unknown.map((r) => `resources[${r.index}].kind "${r.kind}"`).join(", ");
      return { source, origin, error: `${origin}: ${list} is not a kind of ${plugin.name} (${plugin.kinds.join(", ")})` };
    }
    return { source, origin, mapping };
  } catch (err) {
    return { source, origin, error: errorMessage(err) };
  }
}
