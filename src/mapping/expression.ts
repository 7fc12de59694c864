import { compileJq, JqRuntimeError, JqSyntaxError, JqUnsupportedError, type JqProgram, type JqValue } from "../jq/index.ts";
import type { LeafResult, Leaves } from "./template.ts";

/** Which engine evaluates a mapping: the compiler with jq-web for what it lacks, or jq-web for all (tests, benchmarks). */
export type MappingEngine = "compiled" | "jq-web";

let selected: MappingEngine = "compiled";

/**
 * The engine of mappings loaded without an explicit one. Only tests and benchmarks switch it, to run
 * the same app with every expression on jq-web as the baseline.
 */
export function useMappingEngine(engine: MappingEngine): void {
  selected = engine;
}

export const mappingEngine = (): MappingEngine => selected;

/** One jq expression of a mapping, as written and as jq compiles it (after the single-quote rewrite). */
export interface Expression {
  /** Where it sits: `selector.query`, `port.itemsToParse`, or an entity field as issues name it (`properties.url`). */
  field: string;
  source: string;
  program: string;
  /** The compiled function; absent when the expression runs on jq-web. */
  native?: JqProgram;
  /** Why it runs on jq-web: the unsupported feature, or the compiler's refusal for jq to confirm. */
  fallback?: string;
}

/**
 * Compiles an expression to a JS function when the compiler supports it. Anything else (an unknown
 * feature, or source the compiler refuses) is left to jq-web, which also gives jq's own message for a
 * real syntax error when the mapping is loaded.
 */
export function compileExpression(field: string, source: string, program: string, engine: MappingEngine): Expression {
  const expression: Expression = { field, source, program };
  if (engine === "jq-web") return { ...expression, fallback: "jq-web engine selected" };
  try {
    // `env` and `$ENV` are not compiled: they run on jq-web, where the mapping's allowlist is bound.
    return { ...expression, native: compileJq(program) };
  } catch (error) {
    if (error instanceof JqUnsupportedError) return { ...expression, fallback: error.feature };
    if (error instanceof JqSyntaxError) return { ...expression, fallback: `compiler refused it: ${error.message}` };
    throw error;
  }
}

/** Ocean's leaf rule on a compiled expression: the first output, null when none, or the error as jq's `catch` sees it. */
export function evaluate(native: JqProgram, input: unknown): LeafResult {
  try {
    const value = native.first(input as JqValue);
    return [value === undefined ? null : value];
  } catch (error) {
    return failure(error);
  }
}

/** `evaluate` into leaf `index` of `into`, without a result wrapper per leaf. */
export function evaluateInto(native: JqProgram, input: unknown, into: Leaves, index: number): void {
  try {
    const value = native.first(input as JqValue);
    into.values[index] = value === undefined ? null : value;
    into.errors[index] = undefined;
  } catch (error) {
    into.values[index] = null;
    into.errors[index] = failure(error);
  }
}

function failure(error: unknown): string {
  if (error instanceof JqRuntimeError) return typeof error.value === "string" ? error.value : JSON.stringify(error.value);
  // A fault of the compiled code stays on this field (reported, null) instead of stopping the page.
  return error instanceof Error ? error.message : String(error);
}
