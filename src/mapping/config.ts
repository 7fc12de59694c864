import * as v from "valibot";
import { parse as parseYaml } from "yaml";
import { MappingConfigError, type ConfigProblem } from "./errors.ts";

/** A jq program. YAML numbers are accepted as their text, as Ocean's pydantic models coerce them. */
const Jq = v.union(
  [v.string(), v.pipe(v.number(), v.finite(), v.transform(String))],
  "expected a jq expression (string)",
);

export interface SearchRule {
  property: string;
  operator: string;
  value: string;
}
export interface SearchQuery {
  combinator: string;
  rules: (SearchRule | SearchQuery)[];
}

const SearchRuleSchema = v.object({ property: Jq, operator: Jq, value: Jq });
const SearchQuerySchema: v.GenericSchema<unknown, SearchQuery> = v.object({
  combinator: Jq,
  rules: v.array(v.union([SearchRuleSchema, v.lazy(() => SearchQuerySchema)], "expected a search rule or query")),
});

/** A mapping value: a jq program, null, or objects and lists whose every leaf is a jq program. */
export type Template = string | null | Template[] | { [key: string]: Template };
const TemplateSchema: v.GenericSchema<unknown, Template> = v.union(
  [
    Jq,
    v.null(),
    v.array(v.lazy(() => TemplateSchema)),
    v.record(
      v.string(),
      v.lazy(() => TemplateSchema),
    ),
  ],
  "expected a jq expression, or an object or list of them",
);

const EntityMappingsSchema = v.object({
  identifier: v.union([Jq, SearchQuerySchema], "expected a jq expression or a search query"),
  title: v.nullish(Jq),
  blueprint: Jq,
  icon: v.nullish(Jq),
  team: v.nullish(v.union([Jq, SearchQuerySchema], "expected a jq expression or a search query")),
  // One jq for the whole map as well: GitOps files carry their own property and relation names.
  properties: v.optional(v.union([Jq, v.record(v.string(), TemplateSchema)], "expected a jq expression or an object of them"), {}),
  relations: v.optional(v.union([Jq, v.record(v.string(), TemplateSchema)], "expected a jq expression or an object of them"), {}),
});

const ResourceSchema = v.object({
  kind: v.pipe(v.string(), v.minLength(1, "must not be empty")),
  // Plugin-specific fetch filters (projects, state, …) live next to the query; plugins validate them.
  selector: v.looseObject({ query: Jq }),
  port: v.object({
    entity: v.object({ mappings: EntityMappingsSchema }),
    itemsToParse: v.nullish(Jq),
    itemsToParseName: v.optional(v.pipe(v.string(), v.minLength(1, "must not be empty")), "item"),
    itemsToParseTopLevelTransform: v.optional(v.boolean(), true),
  }),
});

/** Ocean's port-app-config.yml with its defaults (port_ocean/core/handlers/port_app_config/models.py). */
export const PortAppConfigSchema = v.object({
  deleteDependentEntities: v.optional(v.boolean(), true),
  createMissingRelatedEntities: v.optional(v.boolean(), true),
  enableMergeEntity: v.optional(v.boolean(), true),
  entityDeletionThreshold: v.optional(
    v.pipe(v.number(), v.minValue(0, "must be between 0 and 1"), v.maxValue(1, "must be between 0 and 1")),
    0.9,
  ),
  resources: v.optional(v.array(ResourceSchema), []),
});

export type PortAppConfig = v.InferOutput<typeof PortAppConfigSchema>;
export type ResourceConfig = PortAppConfig["resources"][number];
export type EntityMappings = ResourceConfig["port"]["entity"]["mappings"];
export type Selector = ResourceConfig["selector"];

/** Parses and validates port-app-config YAML; `source` names it in errors (file or setting name). */
export function parseMappingConfig(yamlText: string, source: string): PortAppConfig {
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (error) {
    throw new MappingConfigError(source, [{ message: `invalid YAML: ${(error as Error).message}` }]);
  }
  if (data === null || data === undefined) throw new MappingConfigError(source, [{ message: "the file is empty" }]);
  return validateMappingConfig(data, source);
}

/** Validates an already-parsed config object (e.g. one Port returned as JSON). */
export function validateMappingConfig(data: unknown, source: string): PortAppConfig {
  const result = v.safeParse(PortAppConfigSchema, data);
  if (result.success) return result.output;
  throw new MappingConfigError(source, result.issues.map(toProblem));
}

type Issue = v.BaseIssue<unknown>;

function toProblem(issue: Issue): ConfigProblem {
  const deepest = deepestIssue(issue, pathKeys(issue));
  const keys = deepest.keys;
  let resourceIndex: number | undefined;
  if (keys[0] === "resources" && typeof keys[1] === "number") {
    resourceIndex = keys[1];
    keys.splice(0, 2);
  }
  return { resourceIndex, field: formatPath(keys), message: describeIssue(deepest.issue) };
}

const pathKeys = (issue: Issue) => (issue.path ?? []).map((item) => item.key as string | number);

/**
 * A union reports "no option matched", with each option's issues nested under it (paths relative
 * to the union). The nested issue that got furthest into the value says what is actually wrong.
 */
function deepestIssue(issue: Issue, keys: (string | number)[]): { issue: Issue; keys: (string | number)[] } {
  let best = { issue, keys };
  for (const nested of issue.issues ?? []) {
    const candidate = deepestIssue(nested, [...keys, ...pathKeys(nested)]);
    if (candidate.keys.length > best.keys.length) best = candidate;
  }
  return best;
}

function describeIssue(issue: Issue): string {
  if (issue.kind === "schema" && issue.input === undefined) return "is required";
  if (issue.message.startsWith("Invalid type: ")) return issue.message.slice("Invalid type: ".length);
  return issue.kind === "schema" ? `${issue.message}, got ${issue.received}` : issue.message;
}

function formatPath(keys: (string | number)[]): string {
  let out = "";
  for (const key of keys) {
    if (typeof key === "number") out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}
