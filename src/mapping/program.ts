import type { ResourceConfig } from "./config.ts";
import { compileExpression, type Expression, type MappingEngine } from "./expression.ts";
import { flattenMappings, rewriteSingleQuotes, type Shape } from "./template.ts";

/** The `--arg` that tells a fallback program whether to map selector-failing items too. */
export const MODE_ARG = "__ps_mode";
export const MODE_ALL = "all";
export const MODE_PASSED = "passed";

export interface ItemsToParsePlan {
  expression: Expression;
  /** `del(expression)`: the parent without the parsed path (itemsToParseTopLevelTransform). */
  parent?: Expression;
  name: string;
}

/**
 * One resource: every expression compiled on its own, and the jq-web programs that evaluate, per
 * page, all of its expressions the compiler does not support (one call per page, as before).
 */
export interface ResourcePlan {
  resourceIndex: number;
  kind: string;
  selector: Expression;
  itemsToParse?: ItemsToParsePlan;
  leaves: Expression[];
  shape: Shape;
  /** The identifier's leaf, evaluated for items whose selector failed so issues can name them. */
  identifierLeaf?: number;
  /** Over raw items, per item `[itemsToParse result | null, parent result | null]`. */
  itemsProgram?: string;
  /** Over entity inputs, per input `[selector result | null, fallback leaf results…]` (leaves in `fallbackLeaves` order). */
  entityProgram?: string;
  fallbackLeaves: number[];
}

/**
 * User programs go inside parentheses and end with a newline, so a trailing `# comment` cannot
 * swallow the closing parenthesis and a leading `def` stays local to the leaf.
 */
const embed = (program: string) => `(${program}\n)`;

/** Ocean's leaf rule: the first output only (later outputs are never computed), null when none. */
const firstOrNull = (program: string) => `(label $__ps_o | ${embed(program)}, null | ., break $__ps_o)`;

/** A leaf that may fail: `[value]`, or jq's error message (a string). */
export const guarded = (program: string) => `(try [${firstOrNull(program)}] catch __ps_err)`;

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

export function planResource(resource: ResourceConfig, resourceIndex: number, env: Record<string, string>, engine: MappingEngine): ResourcePlan {
  const compile = (field: string, source: string) => compileExpression(field, source, rewriteSingleQuotes(source), engine);
  const { shape, leaves: templateLeaves } = flattenMappings(resource.port.entity.mappings);
  const leaves = templateLeaves.map((leaf) => compileExpression(leaf.field, leaf.source, leaf.program, engine));
  const identifierShape = "object" in shape ? shape.object.find(([key]) => key === "identifier")?.[1] : undefined;
  const identifierLeaf = identifierShape && "leaf" in identifierShape ? identifierShape.leaf : undefined;
  const selector = compile("selector.query", resource.selector.query);
  const source = resource.port.itemsToParse;
  const itemsToParse = source
    ? {
        expression: compile("port.itemsToParse", source),
        ...(resource.port.itemsToParseTopLevelTransform && {
          parent: compileExpression(
            "port.itemsToParseTopLevelTransform",
            `del(${source})`,
            `del(${embed(rewriteSingleQuotes(source))})`,
            engine,
          ),
        }),
        name: resource.port.itemsToParseName,
      }
    : undefined;
  const fallbackLeaves = leaves.flatMap((leaf, index) => (leaf.native ? [] : [index]));
  return {
    resourceIndex,
    kind: resource.kind,
    selector,
    itemsToParse,
    leaves,
    shape,
    identifierLeaf,
    itemsProgram: itemsToParse && itemsFallback(itemsToParse, env),
    entityProgram: entityFallback(selector, fallbackLeaves.map((index) => leaves[index]!), env),
    fallbackLeaves,
  };
}

/** Every expression of the plan, in the order /status lists them. */
export function planExpressions(plan: ResourcePlan): Expression[] {
  const items = plan.itemsToParse ? [plan.itemsToParse.expression, ...(plan.itemsToParse.parent ? [plan.itemsToParse.parent] : [])] : [];
  return [plan.selector, ...items, ...plan.leaves];
}

function itemsFallback(plan: ItemsToParsePlan, env: Record<string, string>): string | undefined {
  const slot = (expression: Expression | undefined) => (expression && !expression.native ? guarded(expression.program) : "null");
  if (plan.expression.native && (!plan.parent || plan.parent.native)) return undefined;
  return `${preamble(env)}${HELPERS}.[] | [${slot(plan.expression)}, ${slot(plan.parent)}]`;
}

/**
 * With a compiled selector, only the inputs that need leaves are sent. A selector on jq-web is
 * evaluated here too, and leaves only where it lets the item through (as Ocean computes them).
 */
function entityFallback(selector: Expression, leaves: Expression[], env: Record<string, string>): string | undefined {
  const results = leaves.map((leaf) => guarded(leaf.program)).join(",\n");
  const head = `${preamble(env)}${HELPERS}.[] | `;
  if (selector.native) return leaves.length === 0 ? undefined : `${head}[null, ${results}]`;
  return `${head}${guarded(selector.program)} as $__ps_s
  | if $__ps_s == [false] and $${MODE_ARG} != "${MODE_ALL}" then [$__ps_s] else [$__ps_s${leaves.length ? `, ${results}` : ""}] end`;
}
