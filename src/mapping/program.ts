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

/**
 * Ocean's leaf semantics, inside one program: first output only, none → null, and a runtime error
 * becomes the error message instead of failing the call (`[value]` vs `"message"`). A selector
 * yields true/false, `{v: value}` for a non-boolean and `{e: message}` for an error.
 */
const HELPERS = `def __ps_err: if type == "string" then . else tojson end;
def __ps_v(f): try [limit(1; f, null)] catch __ps_err;
def __ps_sel(f): try ([limit(1; f, null)][0] | if type == "boolean" then . else {v: .} end) catch {e: __ps_err};
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
  const identifierLeaf = "object" in shape ? shape.object.find(([key]) => key === "identifier")?.[1] : undefined;
  const selector = { source: resource.selector.query, program: rewriteSingleQuotes(resource.selector.query) };
  const itemsToParse = resource.port.itemsToParse
    ? {
        source: resource.port.itemsToParse,
        program: rewriteSingleQuotes(resource.port.itemsToParse),
        name: resource.port.itemsToParseName,
        transform: resource.port.itemsToParseTopLevelTransform,
      }
    : undefined;

  const probe = identifierLeaf && "leaf" in identifierLeaf ? `__ps_v(${embed(leaves[identifierLeaf.leaf]!.program)})` : "null";
  const entity = `def __ps_leaves: [${leaves.map((leaf) => `__ps_v(${embed(leaf.program)})`).join(",\n")}];
def __ps_entity: __ps_sel(${embed(selector.program)}) as $__ps_s
  | if $__ps_s == true then [true, __ps_leaves]
    elif $__ps_s == false then (if $${MODE_ARG} == "${MODE_ALL}" then [false, __ps_leaves] else [false] end)
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
    identifierLeaf: identifierLeaf && "leaf" in identifierLeaf ? identifierLeaf.leaf : undefined,
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
  return `. as $__ps_p | __ps_v(${embed(plan.program)}) as $__ps_it
  | if ($__ps_it | type) != "array" then {e: $__ps_it}
    elif ($__ps_it[0] | type) != "array" then {t: ($__ps_it[0] | type)}
    elif ($__ps_p | type) != "object" then {p: ($__ps_p | type)}
    else ${parent} as $__ps_b | [$__ps_it[0][] | $__ps_b + {${JSON.stringify(plan.name)}: .} | __ps_entity]
    end`;
}
