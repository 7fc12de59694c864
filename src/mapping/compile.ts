import type { PortAppConfig, Selector } from "./config.ts";
import { MappingConfigError, type ConfigProblem } from "./errors.ts";
import { canonicalJson, sha256Hex } from "./hash.ts";
import { JqError, runJq } from "./jq.ts";
import { MODE_ARG, MODE_PASSED, planResource, preamble, type ResourcePlan } from "./program.ts";
import { DEFAULT_CALL_BOUNDS, emptyPage, mapItems, mergePages, type CallBounds } from "./run.ts";
import type { MappedPage } from "./types.ts";

export interface CompileOptions extends Partial<CallBounds> {
  /** What mappings see as `env` / `$ENV` (an allowlist; nothing by default). */
  env?: Record<string, string>;
}

export interface MapOptions {
  /** Ocean's live-event mode: also map selector-failing items, returned in `rejected`. */
  parseAll?: boolean;
}

export interface CompiledResource {
  index: number;
  kind: string;
  selector: Selector;
}

export interface CompiledMapping {
  config: PortAppConfig;
  source: string;
  /** sha-256 hex of the canonical (key-sorted, defaults applied) config. */
  hash: string;
  resources: CompiledResource[];
  /** Maps raw items with one resource, in as few jq calls as the call bounds allow. */
  mapResource(resourceIndex: number, items: readonly unknown[], options?: MapOptions): Promise<MappedPage>;
  /** Maps raw items with every resource of `kind`, in config order (webhooks). */
  mapKind(kind: string, items: readonly unknown[], options?: MapOptions): Promise<MappedPage>;
}

/** Compiles every resource to one jq program; a program jq cannot compile is rejected here. */
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
  const plans = config.resources.map((resource, index) => planResource(resource, index, env));
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
    resources: config.resources.map((resource, index) => ({ index, kind: resource.kind, selector: resource.selector })),
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

/** Compiles the whole program; only when that fails, each part alone, to say which one is wrong. */
async function compileProblems(plan: ResourcePlan, env: Record<string, string>): Promise<ConfigProblem[]> {
  const whole = await compileError(plan.program);
  if (whole === undefined) return [];
  const parts = [
    { field: "selector.query", source: plan.selector.source, program: plan.selector.program },
    ...(plan.itemsToParse ? [{ field: "port.itemsToParse", ...plan.itemsToParse }] : []),
    ...plan.leaves.map((leaf) => ({ ...leaf, field: `port.entity.mappings.${leaf.field}` })),
  ];
  const problems: ConfigProblem[] = [];
  for (const part of parts) {
    // Unwrapped, so jq's message is about the user's text rather than our parentheses.
    const error = await compileError(`${preamble(env)}empty | ${part.program}\n`);
    if (error !== undefined) {
      problems.push({
        resourceIndex: plan.resourceIndex,
        field: part.field,
        message: `jq cannot compile ${JSON.stringify(part.source)}: ${error}`,
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
