import type { ResourceConfig } from "./config.ts";
import { flattenMappings, rewriteSingleQuotes, type Leaf, type Shape } from "./template.ts";

/** The `--arg` that tells a resource program whether to map selector-failing items too. */
export const MODE_ARG = "__ps_mode";
export const MODE_ALL = "all";
export const MODE_PASSED = "passed";

export interface ItemsToParsePlan {
  source: string;
  program: string;
  name: string;
  transform: boolean;
}

/** One resource compiled to a single jq program over an array of raw items. */
export interface ResourcePlan {
  resourceIndex: number;
  kind: string;
  selector: { source: string; program: string };
  itemsToParse?: ItemsToParsePlan;
  leaves: Leaf[];
  shape: Shape;
  /** The identifier's leaf, evaluated for items whose selector failed so issues can name them. */
  identifierLeaf?: number;
  program: string;
}

/**
 * User programs go inside parentheses and end with a newline, so a trailing `# comment` cannot
 * swallow the closing parenthesis and a leading `def` stays local to the leaf.
 */
const embed = (program: string) => `(${program}\n)`;

/** Ocean's leaf rule: the first output only (later outputs are never computed), null when none. */
const firstOrNull = (program: string) => `(label $__ps_o | ${embed(program)}, null | ., break $__ps_o)`;

/** A leaf that may fail: `[value]`, or jq's error message (a string). */
const guarded = (program: string) => `(try [${firstOrNull(program)}] catch __ps_err)`;

const HELPERS = `def __ps_err: if type == "string" then . else tojson end;
`;

/**
 * Mappings see `env` and `$ENV` only as the given allowlist; jq-web's own environment is
 * emscripten's fake one and means nothing to a mapping.
 */
export function preamble(env: Record<string, string>): string {
  const literal = JSON.stringify(env);
  return `def env: ${literal}; ${literal} as $ENV |\n`;
}

export function planResource(resource: ResourceConfig, resourceIndex: number, env: Record<string, string>): ResourcePlan {
  const { shape, leaves } = flattenMappings(resource.port.entity.mappings);
  const identifierShape = "object" in shape ? shape.object.find(([key]) => key === "identifier")?.[1] : undefined;
  const identifierLeaf = identifierShape && "leaf" in identifierShape ? identifierShape.leaf : undefined;
  const selector = { source: resource.selector.query, program: rewriteSingleQuotes(resource.selector.query) };
  const itemsToParse = resource.port.itemsToParse
    ? {
        source: resource.port.itemsToParse,
        program: rewriteSingleQuotes(resource.port.itemsToParse),
        name: resource.port.itemsToParseName,
        transform: resource.port.itemsToParseTopLevelTransform,
      }
    : undefined;

  // Leaves rarely fail, so every leaf first runs under one `try` per item (values as they are);
  // only when something failed are they re-run one `try` each, to null just the failing ones.
  // Per item: [true|false, values] | [true|false, null, leafResults] | [false] (selector false,
  // not mapping all) | [{v: non-boolean} | {e: message}, identifierResult].
  const probe = identifierLeaf === undefined ? "null" : guarded(leaves[identifierLeaf]!.program);
  const entity = `def __ps_fast: [${leaves.map((leaf) => firstOrNull(leaf.program)).join(",\n")}];
def __ps_slow: [${leaves.map((leaf) => guarded(leaf.program)).join(",\n")}];
def __ps_leaves: (try __ps_fast catch null) as $__ps_f | if $__ps_f then [$__ps_f] else [null, __ps_slow] end;
def __ps_entity: (try (${firstOrNull(selector.program)} | if type == "boolean" then . else {v: .} end) catch {e: __ps_err}) as $__ps_s
  | if $__ps_s == true then [true] + __ps_leaves
    elif $__ps_s == false then (if $${MODE_ARG} == "${MODE_ALL}" then [false] + __ps_leaves else [false] end)
    else [$__ps_s, ${probe}] end;
`;
  const perItem = itemsToParse ? expandItems(itemsToParse) : "[__ps_entity]";
  return {
    resourceIndex,
    kind: resource.kind,
    selector,
    itemsToParse,
    leaves,
    shape,
    identifierLeaf,
    program: `${preamble(env)}${HELPERS}${entity}.[] | ${perItem}`,
  };
}

/**
 * Ocean's itemsToParse: one entity per element, each `{...parent, <name>: element}`; with the
 * top-level transform the parent first loses the parsed path. jq finds that path itself
 * (`del(expr)`); an expression that is not a path leaves the parent whole.
 * A raw item yields a list of entity results, or an object saying why it was skipped.
 */
function expandItems(plan: ItemsToParsePlan): string {
  const parent = plan.transform ? `(try del(${embed(plan.program)}) catch $__ps_p)` : "$__ps_p";
  return `. as $__ps_p | ${guarded(plan.program)} as $__ps_it
  | if ($__ps_it | type) != "array" then {e: $__ps_it}
    elif ($__ps_it[0] | type) != "array" then {t: ($__ps_it[0] | type)}
    elif ($__ps_p | type) != "object" then {p: ($__ps_p | type)}
    else ${parent} as $__ps_b | [$__ps_it[0][] | $__ps_b + {${JSON.stringify(plan.name)}: .} | __ps_entity]
    end`;
}
