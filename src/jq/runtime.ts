import type { JqValue } from "./types.ts";
import { errorText, fail } from "./values.ts";

/** A continuation: receives one output; returns true to stop the generator that feeds it. */
export type K = (v: JqValue) => boolean;
/** A path continuation: the value and its path from the root, or null when the value is not a path (a computed value). */
export type PK = (v: JqValue, p: JqValue[] | null) => boolean;

/** Run-time scope: one frame per binding (variable, function, closure parameter, label). */
export interface Env {
  readonly v: unknown;
  readonly up: Env | null;
}

export type Gen = (input: JqValue, env: Env | null, k: K) => boolean;
export type PathGen = (input: JqValue, path: JqValue[] | null, env: Env | null, k: PK) => boolean;

/**
 * The value of an expression that has at most one output, or undefined when it has none. It raises
 * the errors the generator would raise, in the same order, and does nothing after its output, so
 * it can stand for the generator wherever the first output or all of them are wanted.
 */
export type One = (input: JqValue, env: Env | null) => JqValue | undefined;

/** Every compiled expression runs in two modes: values, and paths (for path(), |=, del, ...). */
export interface Code {
  v: Gen;
  p: PathGen;
  /** Present when the expression is known to have at most one output: the same without continuations. */
  one?: One;
  /** Set when the expression is a constant: builtins such as test/1 compile it once. */
  constant?: JqValue;
}

/** A filter argument bound to its caller's scope. */
export interface Closure {
  code: Code;
  env: Env | null;
}

export const frame = (env: Env | null, v: unknown): Env => ({ v, up: env });

export function lookup(env: Env | null, depth: number): unknown {
  let e = env!;
  for (let i = 0; i < depth; i++) e = e.up!;
  return e.v;
}

/** Thrown by `break $label`; only the label that created `token` stops it. */
export class BreakSignal {
  constructor(readonly token: object) {}
}

/** An error raised downstream of a `try` body, passing through it untouched. */
export class Passthrough {
  constructor(readonly error: unknown) {}
}

/** A computed value where a path was needed. */
export function notAPath(v: JqValue): never {
  return fail(`Invalid path expression with result ${errorText(v, 30)}`);
}

/** Path mode of an expression that only computes values: its outputs carry no path. */
export const valuesOnly = (gen: Gen): PathGen => (input, _path, env, k) => gen(input, env, (v) => k(v, null));

export function code(v: Gen, p?: PathGen): Code {
  return { v, p: p ?? valuesOnly(v) };
}

/** `f` of each output of `a`: one output each, with an at-most-one-output form when `a` has one. */
export function mapped(a: Code, f: (input: JqValue, x: JqValue) => JqValue): Code {
  const oneA = a.one;
  return single(
    code((input, env, k) => a.v(input, env, (x) => k(f(input, x)))),
    oneA &&
      ((input, env) => {
        const x = oneA(input, env);
        return x === undefined ? undefined : f(input, x);
      }),
  );
}

/**
 * `f` of every pair of outputs of `a` and `b`, `b`'s in the outer loop (jq's order for binary
 * operators and its C functions), with an at-most-one-output form when both have one.
 */
export function paired(a: Code, b: Code, f: (input: JqValue, x: JqValue, y: JqValue) => JqValue): Code {
  const [oneA, oneB] = [a.one, b.one];
  return single(
    code((input, env, k) => b.v(input, env, (y) => a.v(input, env, (x) => k(f(input, x, y))))),
    oneA &&
      oneB &&
      ((input, env) => {
        const y = oneB(input, env);
        if (y === undefined) return undefined;
        const x = oneA(input, env);
        return x === undefined ? undefined : f(input, x, y);
      }),
  );
}

/**
 * `c` with its at-most-one-output form, when it has one; the value mode then runs that form too,
 * so the continuation closures of the generator are not allocated on every call.
 */
export function single(c: Code, one: One | undefined): Code {
  if (!one) return c;
  return {
    ...c,
    v: (input, env, k) => {
      const x = one(input, env);
      return x === undefined ? false : k(x);
    },
    one,
  };
}
