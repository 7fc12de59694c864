import { afterAll, beforeAll, describe } from "vitest";
import { compileMapping, useMappingEngine, type CompileOptions, type MappingEngine } from "../../../src/mapping/engine.ts";
import { validateMappingConfig } from "../../../src/mapping/config.ts";

/** A one-resource config (kind "thing") around the given selector and entity mappings. */
export function oneResource(mappings: Record<string, unknown>, query = "true", port: Record<string, unknown> = {}) {
  return { resources: [{ kind: "thing", selector: { query }, port: { ...port, entity: { mappings } } }] };
}

export function compileOne(
  mappings: Record<string, unknown>,
  query = "true",
  port: Record<string, unknown> = {},
  options?: CompileOptions,
) {
  return compileMapping(validateMappingConfig(oneResource(mappings, query, port), "test config"), "test config", options);
}

/** Maps one item with a one-resource mapping (identifier .id, blueprint "b" unless overridden). */
export async function mapOne(properties: Record<string, unknown>, item: unknown) {
  const mapping = await compileOne({ identifier: ".id", blueprint: '"b"', properties });
  return mapping.mapResource(0, [item]);
}

const ENGINES: readonly MappingEngine[] = ["compiled", "jq-web"];

/**
 * Runs a suite once per engine with identical expectations: compiled expressions (jq-web for what
 * the compiler lacks), and jq-web for every expression. Mappings the app loads follow along.
 */
export function describeEngines(name: string, suite: () => void): void {
  describe.each(ENGINES)(`${name} [%s]`, (engine) => {
    beforeAll(() => useMappingEngine(engine));
    afterAll(() => useMappingEngine("compiled"));
    suite();
  });
}
