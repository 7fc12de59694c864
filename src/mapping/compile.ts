import type { PortAppConfig, Selector } from "./config.ts";
import { MappingConfigError, type ConfigProblem } from "./errors.ts";
import { mappingEngine, type MappingEngine } from "./expression.ts";
import { canonicalJson, sha256Hex } from "./hash.ts";
import { JqError, runJq } from "./jq.ts";
import { MODE_ARG, MODE_PASSED, planExpressions, planResource, preamble, type ResourcePlan } from "./program.ts";
import { DEFAULT_CALL_BOUNDS, emptyPage, mapItems, mergePages, type CallBounds } from "./run.ts";
import type { MappedPage } from "./types.ts";

export interface CompileOptions extends Partial<CallBounds> {
  /** What mappings see as `env` / `$ENV` (an allowlist; nothing by default). */
  env?: Record<string, string>;
  /** "jq-web" runs every expression on jq-web: the baseline of tests and benchmarks. */
  engine?: MappingEngine;
}

export interface MapOptions {
  /** Ocean's live-event mode: also map selector-failing items, returned in `rejected`. */
  parseAll?: boolean;
}

/** An expression the compiler does not support, which therefore runs on jq-web. */
export interface FallbackField {
  field: string;
  expression: string;
  feature: string;
}

export interface CompiledResource {
  index: number;
  kind: string;
  selector: Selector;
  /** How many of the resource's expressions run as compiled JavaScript. */
  compiled: number;
  fallback: FallbackField[];
}

export interface CompiledMapping {
  config: PortAppConfig;
  source: string;
  /** sha-256 hex of the canonical (key-sorted, defaults applied) config. */
  hash: string;
  resources: CompiledResource[];
  /** Maps raw items with one resource; expressions on jq-web take as few calls as the call bounds allow. */
  mapResource(resourceIndex: number, items: readonly unknown[], options?: MapOptions): Promise<MappedPage>;
  /** Maps raw items with every resource of `kind`, in config order (webhooks). */
  mapKind(kind: string, items: readonly unknown[], options?: MapOptions): Promise<MappedPage>;
}

/**
 * Compiles every expression of every resource once; what the compiler lacks runs on jq-web, which
 * must compile it now, so a mapping jq would refuse is rejected here with jq's own message.
 */
export async function compileMapping(
  config: PortAppConfig,
  source: string,
  options: CompileOptions = {},
): Promise<CompiledMapping> {
  const env = options.env ?? {};
  const bounds: CallBounds = {
    maxItemsPerCall: options.maxItemsPerCall ?? DEFAULT_CALL_BOUNDS.maxItemsPerCall,
    maxBytesPerCall: options.maxBytesPerCall ?? DEFAULT_CALL_BOUNDS.maxBytesPerCall,
  };
  const plans = config.resources.map((resource, index) => planResource(resource, index, env, options.engine ?? mappingEngine()));
  const problems: ConfigProblem[] = [];
  for (const plan of plans) problems.push(...(await compileProblems(plan, env)));
  if (problems.length > 0) throw new MappingConfigError(source, problems);

  const mapResource = (resourceIndex: number, items: readonly unknown[], mapOptions: MapOptions = {}) => {
    const plan = plans[resourceIndex];
    if (!plan) throw new RangeError(`${source}: no resource at index ${resourceIndex}`);
    return mapItems(plan, items, mapOptions.parseAll ?? false, bounds);
  };
  return {
    config,
    source,
    hash: await sha256Hex(canonicalJson(config)),
    resources: plans.map((plan) => {
      const expressions = planExpressions(plan);
      const fallback = expressions.flatMap((e) => (e.native ? [] : [{ field: e.field, expression: e.source, feature: e.fallback! }]));
      return {
        index: plan.resourceIndex,
        kind: plan.kind,
        selector: config.resources[plan.resourceIndex]!.selector,
        compiled: expressions.length - fallback.length,
        fallback,
      };
    }),
    mapResource,
    async mapKind(kind, items, mapOptions = {}) {
      const page = emptyPage();
      for (const plan of plans) {
        if (plan.kind === kind) mergePages(page, await mapResource(plan.resourceIndex, items, mapOptions));
      }
      return page;
    },
  };
}

/**
 * jq-web compiles the resource's fallback programs (nothing when all compiled); only when one fails,
 * each expression alone, to say which one is wrong.
 */
async function compileProblems(plan: ResourcePlan, env: Record<string, string>): Promise<ConfigProblem[]> {
  const programs = [plan.itemsProgram, plan.entityProgram].filter((program) => program !== undefined);
  let whole: string | undefined;
  for (const program of programs) whole ??= await compileError(program);
  if (whole === undefined) return [];
  const problems: ConfigProblem[] = [];
  for (const expression of planExpressions(plan)) {
    // del(itemsToParse) fails exactly when itemsToParse does, which is reported already.
    if (expression.native || expression === plan.itemsToParse?.parent) continue;
    // Unwrapped, so jq's message is about the user's text rather than our parentheses.
    const error = await compileError(`${preamble(env)}empty | ${expression.program}\n`);
    if (error !== undefined) {
      const leaf = plan.leaves.includes(expression);
      problems.push({
        resourceIndex: plan.resourceIndex,
        field: leaf ? `port.entity.mappings.${expression.field}` : expression.field,
        message: `jq cannot compile ${JSON.stringify(expression.source)}: ${error}`,
      });
    }
  }
  if (problems.length === 0) throw new Error(`resource ${plan.resourceIndex} (${plan.kind}) compiled to invalid jq: ${whole}`);
  return problems;
}

async function compileError(program: string): Promise<string | undefined> {
  try {
    await runJq(program, "[]", { args: { [MODE_ARG]: MODE_PASSED } });
    return undefined;
  } catch (error) {
    if (error instanceof JqError && error.exitCode === 3) return compileMessage(error.stderr);
    throw error;
  }
}

/** jq's compile diagnostics without the echo of our generated source and the error count. */
function compileMessage(stderr: string): string {
  const lines = stderr
    .split("\n")
    .filter((line) => line.startsWith("jq: error"))
    .map((line) => line.replace(/^jq: error: /, "").replace(/ at <top-level>, line \d+:$/, ""));
  return lines.length > 0 ? lines.join("; ") : stderr.trim();
}
