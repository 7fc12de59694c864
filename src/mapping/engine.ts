import { compileMapping, type CompileOptions, type CompiledMapping } from "./compile.ts";
import { parseMappingConfig } from "./config.ts";

export { compileMapping } from "./compile.ts";
export type { CompileOptions, CompiledMapping, CompiledResource, FallbackField, MapOptions } from "./compile.ts";
export { mappingEngine, useMappingEngine, type MappingEngine } from "./expression.ts";
export { parseMappingConfig, validateMappingConfig } from "./config.ts";
export type { PortAppConfig, ResourceConfig } from "./config.ts";
export { MappingConfigError, type ConfigProblem } from "./errors.ts";
export type { Entity, EntitySearchQuery, MappedEntity, MappedPage, MappingIssue } from "./types.ts";

/** Parses, validates and compiles port-app-config YAML; `source` names it in every error. */
export function loadMapping(yamlText: string, source: string, options?: CompileOptions): Promise<CompiledMapping> {
  return compileMapping(parseMappingConfig(yamlText, source), source, options);
}
