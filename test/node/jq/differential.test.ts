import fc from "fast-check";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { compileProgram } from "../../../src/jq/compile.ts";
import { JqRuntimeError, JqSyntaxError, JqUnsupportedError } from "../../../src/jq/index.ts";
import type { JqValue } from "../../../src/jq/index.ts";
import { forgetComputed, toJson } from "../../../src/jq/values.ts";
import corpus from "../../fixtures/jq/ocean-corpus.json" with { type: "json" };
import { EXPRESSIONS } from "./expressions.ts";
import { jsonText, reference, type Outcome } from "./reference.ts";

/**
 * Every expression runs on generated inputs through the compiler and through jq-web (jq 1.7.1);
 * outputs (all of them, in order), empty results and errors (the value `catch` sees) must agree.
 */

const INPUTS_PER_RUN = 12;
const RUNS = 3;
/** Fixed so a failure reproduces; JQ_DIFF_SEED explores other inputs. */
const SEED = Number(process.env.JQ_DIFF_SEED ?? 13);

/** The string literals of an expression that hold no interpolation. */
function literals(expression: string): string[] {
  const out: string[] = [];
  for (const m of expression.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    try {
      out.push(JSON.parse(`"${m[1]}"`) as string);
    } catch {
      // an interpolated string: not a key
    }
  }
  return out;
}

/** Object keys the expression reads (so generated objects reach its paths), plus awkward ones. */
function keysOf(expression: string): string[] {
  const keys = new Set(["a", "b", "name", "id", "", "a b", "é", "😀", "__proto__", "key", "value"]);
  for (const m of expression.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)/g)) keys.add(m[1]!);
  for (const literal of literals(expression)) keys.add(literal);
  // Integer-like keys are left out: JSON.parse reorders them before any compiler sees the item, where jq keeps the text's order.
  return [...keys].filter((k) => !/^(0|[1-9][0-9]*)$/.test(k));
}

function strings(expression: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) },
    { weight: 2, arbitrary: fc.constantFrom("", "a", "A", "ab", "a,b", "2015-03-05T23:51:47Z", "1700000000123", "12", "-1.5", "x y", "é😀", "a\nb", " a ", ...literals(expression)) },
  );
}

const numbers = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.integer(),
  fc.constantFrom(-0, 0.5, -1.5, 0.1, 1e15, 2 ** 53 + 2, 1700000000, 1700000000123, 1.7976931348623157e308, 5e-324),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

function values(expression: string): fc.Arbitrary<JqValue> {
  const keys = keysOf(expression);
  const str = strings(expression);
  const { value } = fc.letrec<{ value: JqValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      numbers,
      str,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom(...keys), tie("value"), { maxKeys: 4 }),
    ),
  }));
  return value;
}

/** The compiler's outcome, outputs before an error included. */
function compiled(run: ReturnType<typeof compileProgram>, input: JqValue): Outcome {
  const outcome: Outcome = { outputs: [] };
  forgetComputed();
  try {
    run.v(input, null, (x) => {
      outcome.outputs.push(x);
      return false;
    });
  } catch (error) {
    if (!(error instanceof JqRuntimeError)) throw error;
    outcome.error = error.value;
  }
  return outcome;
}

/** The single-output form's outcome (expressions known to have at most one output): it must be the whole of jq's. */
function compiledOne(one: NonNullable<ReturnType<typeof compileProgram>["one"]>, input: JqValue): Outcome {
  forgetComputed();
  try {
    const x = one(input, null);
    return { outputs: x === undefined ? [] : [x] };
  } catch (error) {
    if (!(error instanceof JqRuntimeError)) throw error;
    return { outputs: [], error: error.value };
  }
}

/** JSON as jq prints it, parsed back: nan is null, infinities are the largest doubles. */
function printed(outcome: Outcome): Outcome {
  const reparse = (v: unknown) => JSON.parse(toJson(v as JqValue)) as unknown;
  const out: Outcome = { outputs: outcome.outputs.map(reparse) };
  if ("error" in outcome) out.error = reparse(outcome.error);
  return out;
}

const show = (outcome: Outcome) => jsonText(outcome);

/** `now` differs between two runs; everything else is deterministic. */
const deterministic = (expression: string) => expression.replace(/\bnow\b/g, "1700000000");

/** How many expressions were also checked in their single-output form. */
let singleOutput = 0;

/** Runs one expression; returns how it runs and, when the two disagree, the first disagreement. */
async function check(expression: string): Promise<{ mode: "native" | "fallback"; divergence?: string }> {
  let program: ReturnType<typeof compileProgram>;
  try {
    program = compileProgram(expression, []);
  } catch (error) {
    if (error instanceof JqUnsupportedError) return { mode: "fallback" };
    if (error instanceof JqSyntaxError) {
      const ref = await reference(expression, [null]);
      if ("compileError" in ref) return { mode: "fallback" };
      return { mode: "fallback", divergence: `${expression}: jq-web compiles it, the compiler says ${error.message}` };
    }
    throw error;
  }
  if (program.one) singleOutput++;
  const result = await fc.check(
    fc.asyncProperty(fc.array(values(expression), { minLength: INPUTS_PER_RUN, maxLength: INPUTS_PER_RUN }), async (generated) => {
      // Both sides read the same JSON text.
      const inputs = generated.map((v) => JSON.parse(jsonText(v)) as JqValue);
      const ref = await reference(expression, inputs).catch((error: unknown) => {
        throw new Error(`${expression}: jq-web failed: ${error}`);
      });
      if ("compileError" in ref) throw new Error(`jq-web refuses ${expression}: ${ref.compileError}`);
      inputs.forEach((input, i) => {
        let mine: Outcome;
        try {
          mine = printed(compiled(program, input));
        } catch (error) {
          throw new Error(`${expression}\n  on       ${jsonText(input)}\n  compiled threw ${error}`);
        }
        if (!isDeepStrictEqual(mine, ref[i])) throw new Error(`${expression}\n  on       ${jsonText(input)}\n  compiled ${show(mine)}\n  jq-web   ${show(ref[i]!)}`);
        if (!program.one) return;
        const one = printed(compiledOne(program.one, input));
        if (!isDeepStrictEqual(one, ref[i])) throw new Error(`${expression}\n  on       ${jsonText(input)}\n  single-output form ${show(one)}\n  jq-web   ${show(ref[i]!)}`);
      });
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  if (!result.failed) return { mode: "native" };
  const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
  return { mode: "native", divergence: cause.split("\n").slice(0, 12).join("\n") };
}

describe("compiled jq agrees with jq-web", () => {
  it(`on the ${EXPRESSIONS.length} expressions written for each builtin and semantic`, { timeout: 300_000 }, async () => {
    expect(EXPRESSIONS.length).toBeGreaterThanOrEqual(300);
    const divergences: string[] = [];
    let native = 0;
    singleOutput = 0;
    for (const expression of EXPRESSIONS) {
      const { mode, divergence } = await check(deterministic(expression));
      if (mode === "native") native++;
      if (divergence) divergences.push(divergence);
    }
    expect(divergences.join("\n\n")).toBe("");
    expect(singleOutput).toBeGreaterThanOrEqual(250);
    // The few left to jq-web: $ENV, input, libm functions, number literals jq prints as written, ?//, and the like.
    expect(native).toBeGreaterThanOrEqual(EXPRESSIONS.length - 35);
  });

  it(`on every expression of the Ocean corpus (${corpus.expressions.length})`, { timeout: 600_000 }, async () => {
    const fallback: string[] = [];
    const divergences: string[] = [];
    singleOutput = 0;
    for (const { expression } of corpus.expressions) {
      const { mode, divergence } = await check(deterministic(expression));
      if (mode === "fallback") fallback.push(expression);
      if (divergence) divergences.push(divergence);
    }
    expect(divergences.join("\n\n")).toBe("");
    // Most mapping fields have at most one output, so mappings run in that form: it is checked too.
    expect(singleOutput).toBeGreaterThanOrEqual(1400);
    const share = 1 - fallback.length / corpus.expressions.length;
    expect(share, `falls back: ${fallback.join("\n")}`).toBeGreaterThanOrEqual(0.95);
  });
});
