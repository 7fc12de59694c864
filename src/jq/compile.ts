import type { Ast, FuncDef, Pattern } from "./ast.ts";
import { BINARY_OPS, negate } from "./arith.ts";
import { lookupBuiltin, type Native } from "./builtins/index.ts";
import { JqRuntimeError, JqSyntaxError, JqUnsupportedError } from "./errors.ts";
import { applyFormat, formatFilter } from "./builtins/formats.ts";
import { parse } from "./parser.ts";
import { delpaths, getpath as getpathValue, index, setpath as setpathValue, slice } from "./paths.ts";
import {
  BreakSignal, Passthrough, code, frame, lookup, mapped, notAPath, paired, single,
  type Closure, type Code, type Env, type Gen, type K, type One, type PathGen, type PK,
} from "./runtime.ts";
import type { JqProgram, JqValue } from "./types.ts";
import { described, errorText, fail, forgetComputed, isTruthy, setKey, toText, type JqObject } from "./values.ts";

type Binding =
  | { kind: "var"; name: string }
  | { kind: "func"; name: string; arity: number; fn: FuncInfo }
  | { kind: "param"; name: string }
  | { kind: "label"; name: string };

interface Scope {
  b: Binding;
  up: Scope | null;
}

interface FuncInfo {
  code: Code;
}

const push = (scope: Scope | null, b: Binding): Scope => ({ b, up: scope });

/** Compiles a parsed expression in `scope`. */
export function compileAst(ast: Ast, scope: Scope | null): Code {
  switch (ast.t) {
    case "identity":
      return IDENTITY;
    case "recurse":
      return recurseDefault;
    case "literal": {
      const value = ast.v;
      return { ...code((_input, _env, k) => k(value)), constant: value, one: () => value };
    }
    case "string":
      return compileString(ast.parts.map((part) => (typeof part === "string" ? part : compileAst(part, scope))), ast.format);
    case "format":
      return formatFilter(ast.name);
    case "index":
      return compileIndex(compileAst(ast.target, scope), compileAst(ast.key, scope), ast.opt === true);
    case "slice":
      return compileSlice(compileAst(ast.target, scope), ast.from && compileAst(ast.from, scope), ast.to && compileAst(ast.to, scope), ast.opt === true);
    case "iterate":
      return compileIterate(compileAst(ast.target, scope), ast.opt === true);
    case "try":
      if (breaksOut(ast.body, new Set())) throw new JqUnsupportedError("break caught by try (jq hands it over as {\"__jq\": n})");
      return compileTry(compileAst(ast.body, scope), ast.handler && compileAst(ast.handler, scope));
    case "pipe": {
      const left = compileAst(ast.left, scope);
      const right = compileAst(ast.right, scope);
      const [l, r] = [left.one, right.one];
      return single(
        {
          v: (input, env, k) => left.v(input, env, (x) => right.v(x, env, k)),
          p: (input, path, env, k) => left.p(input, path, env, (x, p) => right.p(x, p, env, k)),
        },
        l &&
          r &&
          ((input, env) => {
            const x = l(input, env);
            return x === undefined ? undefined : r(x, env);
          }),
      );
    }
    case "comma": {
      const left = compileAst(ast.left, scope);
      const right = compileAst(ast.right, scope);
      return {
        v: (input, env, k) => left.v(input, env, k) || right.v(input, env, k),
        p: (input, path, env, k) => left.p(input, path, env, k) || right.p(input, path, env, k),
      };
    }
    case "neg":
      return mapped(compileAst(ast.e, scope), (_, x) => negate(x));
    case "binop": {
      const op = BINARY_OPS[ast.op]!;
      // jq evaluates the right operand in the outer loop.
      return paired(compileAst(ast.left, scope), compileAst(ast.right, scope), (_, l, r) => op(l, r));
    }
    case "and":
    case "or": {
      const left = compileAst(ast.left, scope);
      const right = compileAst(ast.right, scope);
      const isAnd = ast.t === "and";
      const [oneL, oneR] = [left.one, right.one];
      return single(
        code((input, env, k) =>
          left.v(input, env, (l) => {
            if (isTruthy(l) !== isAnd) return k(!isAnd);
            return right.v(input, env, (r) => k(isTruthy(r)));
          }),
        ),
        oneL &&
          oneR &&
          ((input, env) => {
            const l = oneL(input, env);
            if (l === undefined) return undefined;
            if (isTruthy(l) !== isAnd) return !isAnd;
            const r = oneR(input, env);
            return r === undefined ? undefined : isTruthy(r);
          }),
      );
    }
    case "alt":
      return compileAlt(compileAst(ast.left, scope), compileAst(ast.right, scope));
    case "assign":
      return compileAssign(ast.op, compileAst(ast.left, scope), compileAst(ast.right, scope));
    case "if": {
      const cond = compileAst(ast.cond, scope);
      const then = compileAst(ast.then, scope);
      const otherwise = ast.else ? compileAst(ast.else, scope) : compileAst({ t: "identity" }, scope);
      const [oneC, oneT, oneE] = [cond.one, then.one, otherwise.one];
      return single(
        {
          v: (input, env, k) => cond.v(input, env, (c) => (isTruthy(c) ? then : otherwise).v(input, env, k)),
          p: (input, path, env, k) => cond.v(input, env, (c) => (isTruthy(c) ? then : otherwise).p(input, path, env, k)),
        },
        oneC &&
          oneT &&
          oneE &&
          ((input, env) => {
            const c = oneC(input, env);
            if (c === undefined) return undefined;
            return isTruthy(c) ? oneT(input, env) : oneE(input, env);
          }),
      );
    }
    case "array": {
      if (!ast.e) return single(code((_input, _env, k) => k([])), () => []);
      const e = compileAst(ast.e, scope);
      const oneE = e.one;
      const collect: One = oneE
        ? (input, env) => {
            const x = oneE(input, env);
            return x === undefined ? [] : [x];
          }
        : (input, env) => {
            const out: JqValue[] = [];
            e.v(input, env, (x) => {
              out.push(x);
              return false;
            });
            return out;
          };
      return single(code((input, env, k) => k(collect(input, env)!)), collect);
    }
    case "object":
      return compileObject(ast.entries.map((e) => ({ key: compileAst(e.key, scope), value: compileAst(e.value, scope) })));
    case "reduce":
    case "foreach":
      return compileFold(ast, scope);
    case "bind": {
      if (ast.patterns.length > 1) throw new JqUnsupportedError("?// destructuring alternatives");
      const pattern = ast.patterns[0]!;
      const source = compileAst(ast.source, scope);
      const { bind, scope: inner } = compilePattern(pattern, scope);
      const body = compileAst(ast.body, inner);
      return {
        v: (input, env, k) => source.v(input, env, (x) => bind(x, input, env, (e) => body.v(input, e, k))),
        p: (input, path, env, k) => source.v(input, env, (x) => bind(x, input, env, (e) => body.p(input, path, e, k))),
      };
    }
    case "def": {
      const { scope: inner, make } = compileDef(ast.def, scope);
      const body = compileAst(ast.body, inner);
      const one = body.one;
      return single(
        {
          v: (input, env, k) => body.v(input, make(env), k),
          p: (input, path, env, k) => body.p(input, path, make(env), k),
        },
        one && ((input, env) => one(input, make(env))),
      );
    }
    case "call":
      return compileCall(ast.name, ast.args, scope);
    case "var": {
      if (ast.name === "ENV") throw new JqUnsupportedError("$ENV (a Worker has no process environment)");
      const depth = find(scope, (b) => b.kind === "var" && b.name === ast.name);
      if (depth < 0) throw new JqSyntaxError(`$${ast.name} is not defined`);
      return single(
        code((_input, env, k) => k(lookup(env, depth) as JqValue)),
        (_input, env) => lookup(env, depth) as JqValue,
      );
    }
    case "loc": {
      const value = { file: "<top-level>", line: ast.line };
      return code((_input, _env, k) => k(value));
    }
    case "label": {
      const body = compileAst(ast.body, push(scope, { kind: "label", name: ast.name }));
      return {
        v: (input, env, k) => {
          const token = {};
          try {
            return body.v(input, frame(env, token), k);
          } catch (error) {
            if (error instanceof BreakSignal && error.token === token) return false;
            throw error;
          }
        },
        p: (input, path, env, k) => {
          const token = {};
          try {
            return body.p(input, path, frame(env, token), k);
          } catch (error) {
            if (error instanceof BreakSignal && error.token === token) return false;
            throw error;
          }
        },
      };
    }
    case "break": {
      const depth = find(scope, (b) => b.kind === "label" && b.name === ast.name);
      if (depth < 0) throw new JqSyntaxError(`$*label-${ast.name} is not defined`);
      const raise = (env: Env | null): never => {
        throw new BreakSignal(lookup(env, depth) as object);
      };
      return { v: (_input, env) => raise(env), p: (_input, _path, env) => raise(env) };
    }
  }
}

const IDENTITY: Code = { v: (input, _env, k) => k(input), p: (input, path, _env, k) => k(input, path), one: (input) => input };

/** Whether a `break` in the tree (functions it defines included) leaves it for a label defined outside it. */
function breaksOut(node: unknown, inner: ReadonlySet<string>): boolean {
  if (Array.isArray(node)) return node.some((n) => breaksOut(n, inner));
  if (!node || typeof node !== "object") return false;
  const n = node as { t?: unknown; name?: string; body?: unknown };
  if (n.t === "break") return !inner.has(n.name!);
  if (n.t === "label") return breaksOut(n.body, new Set([...inner, n.name!]));
  return Object.values(node).some((v) => breaksOut(v, inner));
}

function find(scope: Scope | null, match: (b: Binding) => boolean): number {
  let depth = 0;
  for (let s = scope; s; s = s.up, depth++) if (match(s.b)) return depth;
  return -1;
}

const recurseDefault: Code = (() => {
  const v: Gen = (input, env, k) => {
    if (k(input)) return true;
    if (Array.isArray(input)) {
      for (const x of input) if (v(x, env, k)) return true;
    } else if (input !== null && typeof input === "object") {
      for (const key in input) if (v(input[key]!, env, k)) return true;
    }
    return false;
  };
  const p: PathGen = (input, path, env, k) => {
    if (k(input, path)) return true;
    if (path === null) return false;
    if (Array.isArray(input)) {
      for (let i = 0; i < input.length; i++) if (p(input[i]!, [...path, i], env, k)) return true;
    } else if (input !== null && typeof input === "object") {
      for (const key in input) if (p(input[key]!, [...path, key], env, k)) return true;
    }
    return false;
  };
  return { v, p };
})();

function pathIndexFailure(key: JqValue, target: JqValue): never {
  return fail(`Invalid path expression near attempt to access element ${errorText(key)} of ${errorText(target, 30)}`);
}

/** An access whose error, when optional, only ends that access (no output). */
function optional<T>(opt: boolean, access: () => T, k: (v: T) => boolean): boolean {
  if (!opt) return k(access());
  let v: T;
  try {
    v = access();
  } catch (error) {
    if (error instanceof JqRuntimeError) return false;
    throw error;
  }
  return k(v);
}

function compileIndex(target: Code, key: Code, opt: boolean): Code {
  if ("constant" in key && !opt) {
    // `.name`, `.a.b`: the common case, without the key's generator.
    const kc = key.constant!;
    const p: PathGen = (input, path, env, k) =>
      target.p(input, path, env, (t, q) => {
        if (q === null) pathIndexFailure(kc, t);
        return k(index(t, kc), [...q, kc]);
      });
    if (target === IDENTITY) return { v: (input, _env, k) => k(index(input, kc)), p, one: (input) => index(input, kc) };
    const oneT = target.one;
    return single(
      { v: (input, env, k) => target.v(input, env, (t) => k(index(t, kc))), p },
      oneT &&
        ((input, env) => {
          const t = oneT(input, env);
          return t === undefined ? undefined : index(t, kc);
        }),
    );
  }
  const [oneK, oneT] = [key.one, target.one];
  return single({
    // jq evaluates the key (against the same input as the target) in the outer loop.
    v: (input, env, k) => key.v(input, env, (kv) => target.v(input, env, (t) => optional(opt, () => index(t, kv), k))),
    p: (input, path, env, k) =>
      key.v(input, env, (kv) =>
        target.p(input, path, env, (t, p) => {
          if (p === null) pathIndexFailure(kv, t);
          return optional(opt, () => index(t, kv), (v) => k(v, [...p, kv]));
        }),
      ),
  }, oneK && oneT && ((input, env) => {
    const kv = oneK(input, env);
    if (kv === undefined) return undefined;
    const t = oneT(input, env);
    return t === undefined ? undefined : optionalOne(opt, () => index(t, kv));
  }));
}

/** `optional` for a single output: undefined (no output) when an optional access fails. */
function optionalOne(opt: boolean, access: () => JqValue): JqValue | undefined {
  if (!opt) return access();
  try {
    return access();
  } catch (error) {
    if (error instanceof JqRuntimeError) return undefined;
    throw error;
  }
}

function compileSlice(target: Code, from: Code | null, to: Code | null, opt: boolean): Code {
  const nullCode = code((_i, _e, k) => k(null));
  const f = from ?? nullCode;
  const t = to ?? nullCode;
  const [oneF, oneTo, oneX] = [from ? from.one : () => null, to ? to.one : () => null, target.one];
  return single({
    v: (input, env, k) => t.v(input, env, (tv) => f.v(input, env, (fv) => target.v(input, env, (x) => optional(opt, () => slice(x, fv, tv), k)))),
    p: (input, path, env, k) =>
      t.v(input, env, (tv) =>
        f.v(input, env, (fv) =>
          target.p(input, path, env, (x, p) => {
            const key = { start: fv, end: tv };
            if (p === null) pathIndexFailure(key, x);
            return optional(opt, () => slice(x, fv, tv), (v) => k(v, [...p, key]));
          }),
        ),
      ),
  }, oneF && oneTo && oneX && ((input, env) => {
    const tv = oneTo(input, env);
    if (tv === undefined) return undefined;
    const fv = oneF(input, env);
    if (fv === undefined) return undefined;
    const x = oneX(input, env);
    return x === undefined ? undefined : optionalOne(opt, () => slice(x, fv, tv));
  }));
}

function iterateFailure(t: JqValue): never {
  return fail(`Cannot iterate over ${described(t)}`);
}

function compileIterate(target: Code, opt: boolean): Code {
  return {
    v: (input, env, k) =>
      target.v(input, env, (t) => {
        if (Array.isArray(t)) {
          for (let i = 0; i < t.length; i++) if (k(t[i]!)) return true;
          return false;
        }
        if (t !== null && typeof t === "object") {
          for (const key in t) if (k(t[key]!)) return true;
          return false;
        }
        return opt ? false : iterateFailure(t);
      }),
    p: (input, path, env, k) =>
      target.p(input, path, env, (t, p) => {
        if (p === null) fail(`Invalid path expression near attempt to iterate through ${errorText(t, 30)}`);
        if (Array.isArray(t)) {
          for (let i = 0; i < t.length; i++) if (k(t[i]!, [...p, i])) return true;
          return false;
        }
        if (t !== null && typeof t === "object") {
          for (const key in t) if (k(t[key]!, [...p, key])) return true;
          return false;
        }
        return opt ? false : iterateFailure(t);
      }),
  };
}

/** The value `catch` receives: error/1's argument, or jq's message. */
const caught = (error: JqRuntimeError): JqValue => error.value;

function compileTry(body: Code, handler: Code | null): Code {
  const guard = (run: (wrap: <T extends unknown[]>(k: (...a: T) => boolean) => (...a: T) => boolean) => boolean, onError: (value: JqValue) => boolean): boolean => {
    try {
      return run((k) => (...a) => {
        try {
          return k(...a);
        } catch (error) {
          throw new Passthrough(error);
        }
      });
    } catch (error) {
      if (error instanceof Passthrough) throw error.error;
      if (error instanceof JqRuntimeError) return onError(caught(error));
      throw error;
    }
  };
  const [oneB, oneH] = [body.one, handler ? handler.one : () => undefined];
  return single(
    {
      v: (input, env, k) =>
        guard(
          (wrap) => body.v(input, env, wrap(k)),
          (value) => (handler ? handler.v(value, env, k) : false),
        ),
      p: (input, path, env, k) =>
        guard(
          (wrap) => body.p(input, path, env, wrap(k)),
          (value) => (handler ? handler.p(value, null, env, k) : false),
        ),
    },
    oneB &&
      oneH &&
      ((input, env) => {
        try {
          return oneB(input, env);
        } catch (error) {
          if (error instanceof JqRuntimeError) return oneH(caught(error), env);
          throw error;
        }
      }),
  );
}

function compileAlt(left: Code, right: Code): Code {
  const [oneL, oneR] = [left.one, right.one];
  return single({
    v: (input, env, k) => {
      let any = false;
      const stop = left.v(input, env, (x) => {
        if (!isTruthy(x)) return false;
        any = true;
        return k(x);
      });
      return stop || (!any && right.v(input, env, k));
    },
    p: (input, path, env, k) => {
      let any = false;
      const stop = left.p(input, path, env, (x, p) => {
        if (!isTruthy(x)) return false;
        any = true;
        return k(x, p);
      });
      return stop || (!any && right.p(input, path, env, k));
    },
  }, oneL && oneR && ((input, env) => {
    const x = oneL(input, env);
    return x !== undefined && isTruthy(x) ? x : oneR(input, env);
  }));
}

/** All paths of `lhs` on `input`, each checked to be a path. */
function collectPaths(lhs: Code, input: JqValue, env: Env | null): JqValue[][] {
  const paths: JqValue[][] = [];
  lhs.p(input, [], env, (v, p) => {
    if (p === null) notAPath(v);
    paths.push(p);
    return false;
  });
  return paths;
}

function compileAssign(op: string, lhs: Code, rhs: Code): Code {
  if (op === "|=") return code((input, env, k) => k(modify(input, collectPaths(lhs, input, env), (old) => firstOf(rhs, old, env))));
  if (op === "=") {
    return code((input, env, k) =>
      rhs.v(input, env, (value) => {
        let out = input;
        for (const p of collectPaths(lhs, input, env)) out = setpathValue(out, p, value);
        return k(out);
      }),
    );
  }
  const arith = op === "//=" ? null : BINARY_OPS[op.slice(0, -1)]!;
  return code((input, env, k) =>
    rhs.v(input, env, (value) => {
      let out = input;
      for (const p of collectPaths(lhs, input, env)) {
        const old = getpathValue(out, p);
        out = setpathValue(out, p, arith ? arith(old, value) : isTruthy(old) ? old : value);
      }
      return k(out);
    }),
  );
}

function firstOf(c: Code, input: JqValue, env: Env | null): JqValue | undefined {
  let out: JqValue | undefined;
  c.v(input, env, (x) => {
    out = x;
    return true;
  });
  return out;
}

/** `|=`: the first output of the update replaces each path's value; no output deletes it (all deletions at the end). */
export function modify(input: JqValue, paths: JqValue[][], update: (old: JqValue) => JqValue | undefined): JqValue {
  let out = input;
  const deleted: JqValue[] = [];
  for (const p of paths) {
    const v = update(getpathValue(out, p));
    if (v === undefined) deleted.push(p);
    else out = setpathValue(out, p, v);
  }
  return deleted.length ? delpaths(out, deleted) : out;
}

function compileString(parts: (string | Code)[], format: string): Code {
  const fmt = (v: JqValue) => (format ? applyFormat(format, v) : toText(v));
  // The last interpolation is the outermost loop, as jq's chain of `+` makes it.
  const build = (i: number, suffix: string, input: JqValue, env: Env | null, k: K): boolean => {
    if (i < 0) return k(suffix);
    const part = parts[i]!;
    if (typeof part === "string") return build(i - 1, part + suffix, input, env, k);
    return part.v(input, env, (x) => build(i - 1, fmt(x) + suffix, input, env, k));
  };
  const ones = parts.map((part) => (typeof part === "string" ? part : part.one));
  const one: One | undefined = ones.every((part) => part !== undefined)
    ? (input, env) => {
        let suffix = "";
        for (let i = ones.length - 1; i >= 0; i--) {
          const part = ones[i]!;
          if (typeof part === "string") suffix = part + suffix;
          else {
            const x = part(input, env);
            if (x === undefined) return undefined;
            suffix = fmt(x) + suffix;
          }
        }
        return suffix;
      }
    : undefined;
  return single(code((input, env, k) => build(parts.length - 1, "", input, env, k)), one);
}

function compileObject(entries: { key: Code; value: Code }[]): Code {
  const build = (i: number, acc: JqObject, input: JqValue, env: Env | null, k: K): boolean => {
    if (i === entries.length) return k(acc);
    const { key, value } = entries[i]!;
    return key.v(input, env, (kv) => {
      if (typeof kv !== "string") fail(`Cannot use ${described(kv)} as object key`);
      return value.v(input, env, (vv) => {
        return build(i + 1, setKey({ ...acc }, kv, vv), input, env, k);
      });
    });
  };
  const ones = entries.map(({ key, value }) => key.one && value.one && { key: key.one, value: value.one });
  const one: One | undefined = ones.every((entry) => entry)
    ? (input, env) => {
        // One output: the object is built in place instead of copied per key.
        const out: JqObject = {};
        for (const entry of ones) {
          const kv = entry!.key(input, env);
          if (kv === undefined) return undefined;
          if (typeof kv !== "string") fail(`Cannot use ${described(kv)} as object key`);
          const vv = entry!.value(input, env);
          if (vv === undefined) return undefined;
          setKey(out, kv, vv);
        }
        return out;
      }
    : undefined;
  return single(code((input, env, k) => build(0, {}, input, env, k)), one);
}

type Bind = (value: JqValue, input: JqValue, env: Env | null, k: (env: Env | null) => boolean) => boolean;

/** Destructuring: binds each `$name` of the pattern, in order, one frame each. */
function compilePattern(pattern: Pattern, scope: Scope | null): { bind: Bind; scope: Scope | null } {
  switch (pattern.t) {
    case "var":
      return { bind: (value, _input, env, k) => k(frame(env, value)), scope: push(scope, { kind: "var", name: pattern.name }) };
    case "array": {
      let inner = scope;
      const binds: Bind[] = [];
      for (const item of pattern.items) {
        const compiled = compilePattern(item, inner);
        binds.push(compiled.bind);
        inner = compiled.scope;
      }
      const run = (i: number, value: JqValue, input: JqValue, env: Env | null, k: (env: Env | null) => boolean): boolean => {
        if (i === binds.length) return k(env);
        if (value !== null && !Array.isArray(value)) fail(`Cannot index ${described(value).split(" ")[0]} with number`);
        return binds[i]!(index(value, i), input, env, (e) => run(i + 1, value, input, e, k));
      };
      return { bind: (value, input, env, k) => run(0, value, input, env, k), scope: inner };
    }
    case "object": {
      let inner = scope;
      const steps: { key: Code; self: boolean; bind: Bind | null }[] = [];
      for (const entry of pattern.entries) {
        const key = compileAst(entry.key, inner);
        if (entry.bind !== undefined) inner = push(inner, { kind: "var", name: entry.bind });
        let bind: Bind | null = null;
        if (entry.value) {
          const compiled = compilePattern(entry.value, inner);
          bind = compiled.bind;
          inner = compiled.scope;
        }
        steps.push({ key, self: entry.bind !== undefined, bind });
      }
      const run = (i: number, value: JqValue, input: JqValue, env: Env | null, k: (env: Env | null) => boolean): boolean => {
        if (i === steps.length) return k(env);
        const step = steps[i]!;
        return step.key.v(input, env, (kv) => {
          if (typeof kv !== "string") fail(`Cannot index ${described(value).split(" ")[0]} with ${described(kv).split(" ")[0]}`);
          const field = index(value, kv);
          const e = step.self ? frame(env, field) : env;
          if (!step.bind) return run(i + 1, value, input, e, k);
          return step.bind(field, input, e, (e2) => run(i + 1, value, input, e2, k));
        });
      };
      return { bind: (value, input, env, k) => run(0, value, input, env, k), scope: inner };
    }
  }
}

function compileFold(ast: Ast & { t: "reduce" | "foreach" }, scope: Scope | null): Code {
  const source = compileAst(ast.source, scope);
  const init = compileAst(ast.init, scope);
  const { bind, scope: inner } = compilePattern(ast.pattern, scope);
  const update = compileAst(ast.update, inner);
  if (ast.t === "reduce") {
    return {
      v: (input, env, k) =>
        init.v(input, env, (start) => {
          let acc: JqValue = start;
          source.v(input, env, (x) =>
            bind(x, input, env, (e) => {
              let last: JqValue = null;
              update.v(acc, e, (y) => {
                last = y;
                return false;
              });
              acc = last;
              return false;
            }),
          );
          return k(acc);
        }),
      p: (input, path, env, k) =>
        init.p(input, path, env, (start, startPath) => {
          let acc: JqValue = start;
          let accPath = startPath;
          source.v(input, env, (x) =>
            bind(x, input, env, (e) => {
              let last: JqValue = null;
              let lastPath: JqValue[] | null = null;
              update.p(acc, accPath, e, (y, p) => {
                last = y;
                lastPath = p;
                return false;
              });
              acc = last;
              accPath = lastPath;
              return false;
            }),
          );
          return k(acc, accPath);
        }),
    };
  }
  const extract = ast.extract ? compileAst(ast.extract, inner) : null;
  return {
    v: (input, env, k) =>
      init.v(input, env, (start) => {
        let acc: JqValue = start;
        return source.v(input, env, (x) =>
          bind(x, input, env, (e) =>
            update.v(acc, e, (y) => {
              acc = y;
              return extract ? extract.v(y, e, k) : k(y);
            }),
          ),
        );
      }),
    p: (input, path, env, k) =>
      init.p(input, path, env, (start, startPath) => {
        let acc: JqValue = start;
        let accPath = startPath;
        return source.v(input, env, (x) =>
          bind(x, input, env, (e) =>
            update.p(acc, accPath, e, (y, p) => {
              acc = y;
              accPath = p;
              return extract ? extract.p(y, p, e, k) : k(y, p);
            }),
          ),
        );
      }),
  };
}

/** `def name(params): body;` — the function's frame is its own defining scope, so it can recurse. */
function compileDef(def: FuncDef, scope: Scope | null): { scope: Scope; make: (env: Env | null) => Env } {
  // A try around a call would catch such a break: see the "try" case.
  if (breaksOut(def.body, new Set())) throw new JqUnsupportedError("break out of a function body");
  const info: FuncInfo = { code: undefined as unknown as Code };
  const self = push(scope, { kind: "func", name: def.name, arity: def.params.length, fn: info });
  let bodyScope: Scope = self;
  for (const param of def.params) bodyScope = push(bodyScope, { kind: "param", name: param.replace(/^\$/, "") });
  // `$x` parameters are filters bound as variables too: `def f($x): body` is `def f(x): x as $x | body`.
  let body: Ast = def.body;
  for (let i = def.params.length - 1; i >= 0; i--) {
    const param = def.params[i]!;
    if (param.startsWith("$")) body = { t: "bind", source: { t: "call", name: param.slice(1), args: [] }, patterns: [{ t: "var", name: param.slice(1) }], body };
  }
  info.code = compileAst(body, bodyScope);
  return { scope: self, make: (env) => frame(env, info) };
}

/** A builtin written in jq: compiled once, on first use, in a scope of its own, and called with the caller's filters. */
export function compileBuiltinDef(def: FuncDef): Native {
  let make: ((env: Env | null) => Env) | undefined;
  return (args) => {
    make ??= compileDef(def, null).make;
    const self = make(null);
    const body = (self.v as FuncInfo).code;
    const enter = (env: Env | null): Env => {
      let e: Env = self;
      for (const a of args) e = frame(e, { code: a, env } satisfies Closure);
      return e;
    };
    return {
      v: (input, env, k) => body.v(input, enter(env), k),
      p: (input, path, env, k) => body.p(input, path, enter(env), k),
    };
  };
}

function compileCall(name: string, args: Ast[], scope: Scope | null): Code {
  let depth = 0;
  for (let s = scope; s; s = s.up, depth++) {
    const b = s.b;
    if (b.kind === "param" && b.name === name && args.length === 0) {
      const d = depth;
      return {
        v: (input, env, k) => {
          const c = lookup(env, d) as Closure;
          return c.code.v(input, c.env, k);
        },
        p: (input, path, env, k) => {
          const c = lookup(env, d) as Closure;
          return c.code.p(input, path, c.env, k);
        },
      };
    }
    if (b.kind === "func" && b.name === name && b.arity === args.length) {
      const d = depth;
      const info = b.fn;
      const argCodes = args.map((a) => compileAst(a, scope));
      const enter = (env: Env | null): Env => {
        let e: Env = frameAt(env, d);
        for (const a of argCodes) e = frame(e, { code: a, env } satisfies Closure);
        return e;
      };
      return {
        v: (input, env, k) => info.code.v(input, enter(env), k),
        p: (input, path, env, k) => info.code.p(input, path, enter(env), k),
      };
    }
  }
  const native: Native | undefined = lookupBuiltin(name, args.length);
  if (!native) throw new JqSyntaxError(`${name}/${args.length} is not defined`);
  return native(args.map((a) => compileAst(a, scope)));
}

function frameAt(env: Env | null, depth: number): Env {
  let e = env!;
  for (let i = 0; i < depth; i++) e = e.up!;
  return e;
}

/** Compiles a whole jq program whose free `$variables` are `vars`. */
export function compileProgram(source: string, vars: readonly string[]): Code {
  let scope: Scope | null = null;
  for (const name of vars) scope = push(scope, { kind: "var", name });
  return compileAst(parse(source), scope);
}

/** Parses and compiles once; the program is reused for every item. `vars` names the $variables the caller will pass. */
export function compileJq(source: string, options: { vars?: readonly string[] } = {}): JqProgram {
  const names = options.vars ?? [];
  const program = compileProgram(source, names);
  const one = program.one;
  const envOf = (vars: Record<string, JqValue> | undefined): Env | null => {
    let env: Env | null = null;
    for (const name of names) env = frame(env, vars && Object.hasOwn(vars, name) ? vars[name]! : null);
    return env;
  };
  return {
    all(input, vars) {
      const out: JqValue[] = [];
      run(() =>
        program.v(input, envOf(vars), (x) => {
          out.push(x);
          return false;
        }),
      );
      return out;
    },
    first(input, vars) {
      if (one) {
        let out: JqValue | undefined;
        run(() => {
          out = one(input, envOf(vars));
          return true;
        });
        return out;
      }
      let out: JqValue | undefined;
      run(() =>
        program.v(input, envOf(vars), (x) => {
          out = x;
          return true;
        }),
      );
      return out;
    },
  };
}

/** A break that escapes every label cannot happen (labels are lexical); deep recursion becomes jq's own failure. */
function run(f: () => boolean): void {
  forgetComputed();
  try {
    f();
  } catch (error) {
    if (error instanceof RangeError) throw new JqRuntimeError("jq: stack overflow");
    throw error;
  }
}

/** Whether compileJq accepts the source natively (false for syntax errors and unsupported features). */
export function isSupported(source: string, options: { vars?: readonly string[] } = {}): boolean {
  try {
    compileJq(source, options);
    return true;
  } catch {
    return false;
  }
}

export type { Gen, PK };
