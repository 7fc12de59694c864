import { add as plus, subtract } from "../arith.ts";
import { JqRuntimeError } from "../errors.ts";
import { delpaths, getpath, index, setpath } from "../paths.ts";
import { code, notAPath, single, type Code, type Env, type Gen } from "../runtime.ts";
import type { JqValue } from "../types.ts";
import {
  compare, compute, described, equals, fail, isObject, isTruthy, setKey, sortedKeys, toJson, typeOf, type JqObject,
} from "../values.ts";
import { jqDefined } from "./defs.ts";
import { collect, fn0, fnV } from "./helpers.ts";
import type { Native } from "./index.ts";

function length(v: JqValue): JqValue {
  if (Array.isArray(v)) return v.length;
  if (typeof v === "string") {
    let n = v.length;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < v.length) {
        const d = v.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          n--;
          i++;
        }
      }
    }
    return n;
  }
  if (typeof v === "number") return Math.abs(v);
  if (v === null) return 0;
  if (isObject(v)) return Object.keys(v).length;
  return fail(`${described(v)} has no length`);
}

function keys(v: JqValue, sorted: boolean): JqValue {
  if (isObject(v)) return sorted ? sortedKeys(v) : Object.keys(v);
  if (Array.isArray(v)) return v.map((_, i) => i);
  return fail(`${described(v)} has no keys`);
}

function has(t: JqValue, k: JqValue): JqValue {
  if (t === null) return false;
  if (isObject(t) && typeof k === "string") return Object.hasOwn(t, k);
  if (Array.isArray(t) && typeof k === "number") return !Number.isNaN(k) && k >= 0 && k < t.length;
  return fail(`Cannot check whether ${typeOf(t)} has a ${typeOf(k)} key`);
}

function containsValue(a: JqValue, b: JqValue): boolean {
  if (isObject(a) && isObject(b)) {
    for (const key in b) {
      if (!Object.hasOwn(a, key) || !containsValue(a[key]!, b[key]!)) return false;
    }
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return b.every((y) => a.some((x) => containsValue(x, y)));
  if (typeof a === "string" && typeof b === "string") return a.includes(b);
  if (typeOf(a) === typeOf(b)) return equals(a, b);
  return false;
}

function contains(a: JqValue, b: JqValue): JqValue {
  const ta = a === true || a === false ? "boolean" : typeOf(a);
  const tb = b === true || b === false ? "boolean" : typeOf(b);
  if (ta !== tb || (typeof a === "boolean" && a !== b)) {
    if (ta !== tb || a !== b) {
      // jq's kinds tell true from false: `true | contains(false)` is a type error.
      if (!(typeof a === "boolean" && typeof b === "boolean" && a === b)) fail(`${described(a)} and ${described(b)} cannot have their containment checked`);
    }
  }
  return containsValue(a, b);
}

export function tostring(v: JqValue): string {
  return typeof v === "string" ? v : toJson(v);
}

function iterateValues(v: JqValue): JqValue[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  return fail(`Cannot iterate over ${described(v)}`);
}

function requireArray(v: JqValue, what: string): JqValue[] {
  if (!Array.isArray(v)) fail(`${described(v)} ${what}`);
  return v;
}

function sortByKeys(values: JqValue[], keyOf: (v: JqValue) => JqValue): { value: JqValue; key: JqValue }[] {
  return values.map((value) => ({ value, key: keyOf(value) })).sort((a, b) => compare(a.key, b.key));
}

function minMax(values: JqValue[], keysOf: JqValue[], min: boolean): JqValue {
  if (values.length === 0) return null;
  let best = values[0]!;
  let bestKey = keysOf[0]!;
  for (let i = 1; i < values.length; i++) {
    const c = compare(keysOf[i]!, bestKey);
    if (c < 0 === min) {
      best = values[i]!;
      bestKey = keysOf[i]!;
    }
  }
  return best;
}

/** `map([f])` as jq's _sort_by_impl & co. receive it. */
function keyed(input: JqValue, f: Code, env: Parameters<Gen>[1]): { values: JqValue[]; keys: JqValue[] } {
  const values = iterateValues(input);
  return { values, keys: values.map((v) => collect(f, v, env)) };
}

function byImpl(f: Code, what: (values: JqValue[], keys: JqValue[], input: JqValue) => JqValue): Code {
  return code((input, env, k) => {
    const { values, keys: ks } = keyed(input, f, env);
    return k(what(values, ks, input));
  });
}

function notBothArrays(input: JqValue, ks: JqValue[]): void {
  if (!Array.isArray(input)) fail(`${described(input)} and ${described(ks)} cannot be sorted, as they are not both arrays`);
}

function sortBy(values: JqValue[], ks: JqValue[], input: JqValue): JqValue[] {
  notBothArrays(input, ks);
  return values
    .map((value, i) => ({ value, key: ks[i]! }))
    .sort((a, b) => compare(a.key, b.key))
    .map((e) => e.value);
}

function groupBy(values: JqValue[], ks: JqValue[], input: JqValue): JqValue[][] {
  notBothArrays(input, ks);
  const sorted = values.map((value, i) => ({ value, key: ks[i]! })).sort((a, b) => compare(a.key, b.key));
  const groups: JqValue[][] = [];
  let lastKey: JqValue | undefined;
  for (const e of sorted) {
    if (lastKey === undefined || compare(lastKey, e.key) !== 0) groups.push([]);
    groups[groups.length - 1]!.push(e.value);
    lastKey = e.key;
  }
  return groups;
}

function implode(v: JqValue): JqValue {
  if (!Array.isArray(v)) fail("implode input must be an array");
  let out = "";
  for (const n of v) {
    if (typeof n !== "number" || Number.isNaN(n)) fail(`${described(n)} can't be imploded, unicode codepoint needs to be numeric`);
    let cp = Math.trunc(n);
    if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
    out += String.fromCodePoint(cp);
  }
  return out;
}

function explode(v: JqValue): JqValue {
  if (typeof v !== "string") fail("explode input must be a string");
  const out: number[] = [];
  for (const ch of v) out.push(ch.codePointAt(0)!);
  return out;
}

function toEntries(v: JqValue): JqValue {
  if (isObject(v)) return Object.keys(v).map((key) => ({ key, value: v[key]! }));
  return keys(v, false) && iterateKeysOf(v);
}

function iterateKeysOf(v: JqValue): JqValue {
  // Arrays: keys are indices, values by index.
  const arr = v as JqValue[];
  return arr.map((value, key) => ({ key, value }));
}

function fromEntries(v: JqValue): JqValue {
  let acc: JqValue = null;
  for (const entry of iterateValues(v)) {
    const key = index(entry, "key");
    const k = isTruthy(key) ? key : altChain(entry, ["Key", "name", "Name"]);
    const value = has(entry, "value") ? index(entry, "value") : index(entry, "Value");
    if (typeof k !== "string") {
      if (k === null) fail(`Cannot use null (null) as object key`);
      fail(`Cannot use ${described(k)} as object key`);
    }
    acc = plus(acc, setKey({}, k, value));
  }
  return acc ?? {};
}

function altChain(entry: JqValue, names: string[]): JqValue {
  let last: JqValue = null;
  for (const n of names) {
    last = index(entry, n);
    if (isTruthy(last)) return last;
  }
  return last;
}

function flatten(v: JqValue, depth: JqValue): JqValue {
  if (compare(depth, 0) < 0) fail("flatten depth must not be negative");
  return flattenTo(v, depth);
}

/** jq's _flatten: a negative depth flattens completely. */
function flattenTo(v: JqValue, depth: JqValue): JqValue {
  const go = (xs: JqValue[], d: JqValue): JqValue[] => {
    const out: JqValue[] = [];
    for (const x of xs) {
      if (Array.isArray(x) && !equals(d, 0)) out.push(...go(iterateValues(x), subtract(d, 1)));
      else out.push(x);
    }
    return out;
  };
  return go(iterateValues(v), depth);
}

function addAll(v: JqValue): JqValue {
  let acc: JqValue = null;
  for (const x of iterateValues(v)) acc = plus(acc, x);
  return acc;
}

function join(v: JqValue, sep: JqValue): JqValue {
  let acc: JqValue = null;
  for (const x of iterateValues(v)) {
    const piece = typeof x === "boolean" || typeof x === "number" ? tostring(x) : x === null ? "" : x;
    acc = plus(acc === null ? "" : plus(acc, sep), piece);
  }
  return acc ?? "";
}

function reverse(v: JqValue): JqValue {
  if (Array.isArray(v)) return v.slice().reverse();
  if (v === null) return [];
  const n = length(v) as number;
  if (n === 0) return [];
  return fail(`Cannot index ${typeOf(v)} with number`);
}

function indices(input: JqValue, i: JqValue): JqValue {
  if (Array.isArray(input) && Array.isArray(i)) return index(input, i);
  if (Array.isArray(input)) return index(input, [i]);
  if (typeof input === "string" && typeof i === "string") {
    const out: number[] = [];
    if (i === "") return out;
    const bytes = new TextEncoder().encode(input);
    const needle = new TextEncoder().encode(i);
    // jq reports byte offsets of the UTF-8 text.
    for (let p = 0; p + needle.length <= bytes.length; p++) {
      let ok = true;
      for (let j = 0; j < needle.length; j++) if (bytes[p + j] !== needle[j]) { ok = false; break; }
      if (ok) out.push(p);
    }
    return out;
  }
  return index(input, i);
}

const math = (f: (x: number) => number): Native =>
  fn0((v) => (typeof v === "number" ? compute(f(v)) : fail(`${described(v)} number required`)));

const math2 = (f: (x: number, y: number) => number): Native =>
  fnV((_input, a, b) => {
    if (typeof a !== "number") fail(`${described(a!)} number required`);
    if (typeof b !== "number") fail(`${described(b!)} number required`);
    return compute(f(a, b));
  });

function errorOf(v: JqValue): never {
  throw new JqRuntimeError(typeof v === "string" ? v : `${toJson(v)} (not a string)`, v);
}

/** `path(f)`: f's paths; a computed value where a path belongs is jq's "Invalid path expression". */
const pathOf: Native = ([f]) =>
  code((input, env, k) =>
    f!.p(input, [], env, (v, p) => {
      if (p === null) notAPath(v);
      return k(p);
    }),
  );

const select: Native = ([f]) => {
  const cond = f!.one;
  return single(
    {
      v: (input, env, k) => f!.v(input, env, (c) => (isTruthy(c) ? k(input) : false)),
      p: (input, path, env, k) => f!.v(input, env, (c) => (isTruthy(c) ? k(input, path) : false)),
    },
    cond &&
      ((input, env) => {
        const c = cond(input, env);
        return c !== undefined && isTruthy(c) ? input : undefined;
      }),
  );
};

const empty: Native = () => ({ v: () => false, p: () => false });

const recurseWith: Native = ([f]) => {
  const v: Gen = (input, env, k) => k(input) || f!.v(input, env, (x) => v(x, env, k));
  const p: Code["p"] = (input, path, env, k) => k(input, path) || f!.p(input, path, env, (x, q) => p(x, q, env, k));
  return { v, p };
};

const getpathNative: Native = ([a]) => ({
  v: (input, env, k) => a!.v(input, env, (p) => k(getpath(input, p))),
  p: (input, path, env, k) =>
    a!.v(input, env, (p) => {
      const v = getpath(input, p);
      if (path === null) notAPath(input);
      return k(v, [...path, ...(p as JqValue[])]);
    }),
});

/** limit($n; f): f's first $n outputs; all of them for a negative $n. */
const limit: Native = ([n, f]) => ({
  v: (input, env, k) => n!.v(input, env, (count) => limitRun(count, (kk) => f!.v(input, env, kk), k)),
  p: (input, path, env, k) =>
    n!.v(input, env, (count) => {
      let at: JqValue[] | null = null;
      return limitRun(
        count,
        (kk) => f!.p(input, path, env, (x, q) => ((at = q), kk(x))),
        (x) => k(x, at),
      );
    }),
});

function limitRun(count: JqValue, gen: (k: (v: JqValue) => boolean) => boolean, k: (v: JqValue) => boolean): boolean {
  if (compare(count, 0) <= 0) return equals(count, 0) ? false : gen(k);
  let left = count;
  let stopped = false;
  gen((x) => {
    // jq counts down with `. - 1` after each output, so a non-number fails on the first one.
    left = subtract(left, 1);
    if (k(x)) return (stopped = true);
    return compare(left, 0) <= 0;
  });
  return stopped;
}

const first1: Native = ([f]) => ({
  v: (input, env, k) => {
    let found = false;
    let value: JqValue = null;
    f!.v(input, env, (x) => {
      found = true;
      value = x;
      return true;
    });
    return found ? k(value) : false;
  },
  p: (input, path, env, k) => {
    let found = false;
    let value: JqValue = null;
    let at: JqValue[] | null = null;
    f!.p(input, path, env, (x, q) => {
      found = true;
      value = x;
      at = q;
      return true;
    });
    return found ? k(value, at) : false;
  },
});

const last1: Native = ([f]) => ({
  v: (input, env, k) => {
    let value: JqValue = null;
    f!.v(input, env, (x) => {
      value = x;
      return false;
    });
    return k(value);
  },
  // jq's last/1 is a reduce whose result is a variable: it is never a path.
  p: (input, _path, env, k) => {
    let value: JqValue = null;
    f!.v(input, env, (x) => {
      value = x;
      return false;
    });
    return k(value, null);
  },
});

const range2 = (from: JqValue, upto: JqValue, by: JqValue, k: (v: JqValue) => boolean): boolean => {
  if (typeof from !== "number" || typeof upto !== "number" || typeof by !== "number") fail("Range bounds must be numeric");
  if (by > 0) for (let i = from; i < upto; i += by) { if (k(i)) return true; }
  else if (by < 0) for (let i = from; i > upto; i += by) { if (k(i)) return true; }
  return false;
};

const anyAll = (isAny: boolean): Native => ([gen, cond]) =>
  code((input, env, k) => {
    let result = !isAny;
    gen!.v(input, env, (x) =>
      cond!.v(x, env, (c) => {
        if (isTruthy(c) === isAny) {
          result = isAny;
          return true;
        }
        return false;
      }),
    );
    return k(result);
  });

/**
 * while/until as jq defines them (recursively), run as loops while each step has one outcome, so
 * a long loop does not exhaust the stack.
 */
function loop(cond: Code, update: Code, emitWhile: boolean): Gen {
  const run: Gen = (input, env, k) => {
    let x = input;
    for (;;) {
      const conds = collect(cond, x, env);
      if (conds.length !== 1) {
        for (const c of conds) if (step(x, isTruthy(c), env, k)) return true;
        return false;
      }
      const go = isTruthy(conds[0]!) === emitWhile;
      if (!go) return emitWhile ? false : k(x);
      if (emitWhile && k(x)) return true;
      const next = collect(update, x, env);
      if (next.length !== 1) {
        for (const y of next) if (run(y, env, k)) return true;
        return false;
      }
      x = next[0]!;
    }
  };
  const step = (x: JqValue, truthy: boolean, env: Parameters<Gen>[1], k: (v: JqValue) => boolean): boolean => {
    if (truthy !== emitWhile) return emitWhile ? false : k(x);
    if (emitWhile && k(x)) return true;
    return update.v(x, env, (y) => run(y, env, k));
  };
  return run;
}

const identity: Code = { v: (input, _env, k) => k(input), p: (input, path, _env, k) => k(input, path) };
const iterate: Code = {
  v: (input, _env, k) => {
    for (const x of iterateValues(input)) if (k(x)) return true;
    return false;
  },
  p: (input, path, _env, k) => {
    const vs = iterateValues(input);
    const ks = Array.isArray(input) ? vs.map((_, i) => i) : Object.keys(input as JqObject);
    for (let i = 0; i < vs.length; i++) if (k(vs[i]!, path && [...path, ks[i]!])) return true;
    return false;
  },
};

export const CORE: Record<string, Native> = {
  "empty/0": empty,
  "error/0": fn0(errorOf),
  "error/1": fnV((_input, v) => errorOf(v!)),
  "not/0": fn0((v) => !isTruthy(v)),
  "length/0": fn0(length),
  "utf8bytelength/0": fn0((v) => (typeof v === "string" ? new TextEncoder().encode(v).length : fail(`${described(v)} only strings have UTF-8 byte length`))),
  "keys/0": fn0((v) => keys(v, true)),
  "keys_unsorted/0": fn0((v) => keys(v, false)),
  "has/1": fnV((input, k) => has(input, k!)),
  "in/1": fnV((input, obj) => has(obj!, input)),
  "contains/1": fnV((input, b) => contains(input, b!)),
  "inside/1": fnV((input, b) => contains(b!, input)),
  "type/0": fn0(typeOf),
  // tostring hands a string back unchanged, so jq still sees the path it came from.
  "tostring/0": () => ({
    v: (input, _env, k) => k(tostring(input)),
    p: (input, path, _env, k) => k(tostring(input), typeof input === "string" ? path : null),
    one: tostring,
  }),
  "tojson/0": fn0(toJson),
  "add/0": fn0(addAll),
  "join/1": fnV((input, sep) => join(input, sep!)),
  "flatten/0": fn0((v) => flattenTo(v, -1)),
  "flatten/1": fnV((v, d) => flatten(v, d!)),
  "reverse/0": fn0(reverse),
  "sort/0": fn0((v) => requireArray(v, "cannot be sorted, as it is not an array").slice().sort(compare)),
  "sort_by/1": ([f]) => byImpl(f!, sortBy),
  "group_by/1": ([f]) => byImpl(f!, groupBy),
  "unique/0": () => byImpl(identity, (vs, ks, input) => groupBy(vs, ks, input).map((g) => g[0]!)),
  "unique_by/1": ([f]) => byImpl(f!, (vs, ks, input) => groupBy(vs, ks, input).map((g) => g[0]!)),
  "min/0": fn0((v) => minMax(requireArray(v, "and " + described(v) + " cannot be iterated over"), v as JqValue[], true)),
  "max/0": fn0((v) => minMax(requireArray(v, "and " + described(v) + " cannot be iterated over"), v as JqValue[], false)),
  "min_by/1": ([f]) => byImpl(f!, (vs, ks, input) => minMax(requireArray(input, "and " + described(ks) + " cannot be iterated over"), ks, true)),
  "max_by/1": ([f]) => byImpl(f!, (vs, ks, input) => minMax(requireArray(input, "and " + described(ks) + " cannot be iterated over"), ks, false)),
  "explode/0": fn0(explode),
  "implode/0": fn0(implode),
  "to_entries/0": fn0(toEntries),
  "from_entries/0": fn0(fromEntries),
  "indices/1": fnV((input, i) => indices(input, i!)),
  "index/1": fnV((input, i) => index(indices(input, i!), 0)),
  "rindex/1": fnV((input, i) => index(index(indices(input, i!), { start: -1, end: null }), 0)),
  "getpath/1": getpathNative,
  "setpath/2": fnV((input, p, v) => setpath(input, p!, v!)),
  "delpaths/1": fnV((input, ps) => delpaths(input, ps!)),
  "path/1": pathOf,
  "select/1": select,
  "recurse/0": () => recurseWith([iterateOpt]),
  "recurse/1": recurseWith,
  "map/1": ([f]) => {
    const mapped = (input: JqValue, env: Env | null): JqValue[] => {
      const out: JqValue[] = [];
      iterate.v(input, env, (x) => f!.v(x, env, (y) => {
        out.push(y);
        return false;
      }));
      return out;
    };
    return single(code((input, env, k) => k(mapped(input, env))), mapped);
  },
  "limit/2": limit,
  // Values in a loop; paths (rarely asked for) through jq's recursive definitions.
  "while/2": (args) => ({ v: loop(args[0]!, args[1]!, true), p: jqDefined("while/2")!(args).p }),
  "until/2": (args) => ({ v: loop(args[0]!, args[1]!, false), p: jqDefined("until/2")!(args).p }),
  "repeat/1": (args) => ({
    v: (input, env, k) => {
      for (;;) if (args[0]!.v(input, env, k)) return true;
    },
    p: jqDefined("repeat/1")!(args).p,
  }),
  "first/1": first1,
  "last/1": last1,
  "first/0": () => indexCode(0),
  "last/0": () => indexCode(-1),
  "range/1": ([n]) => code((input, env, k) => n!.v(input, env, (upto) => range2(0, upto, 1, k))),
  "range/2": ([a, b]) => code((input, env, k) => a!.v(input, env, (from) => b!.v(input, env, (upto) => range2(from, upto, 1, k)))),
  "range/3": ([a, b, c]) => code((input, env, k) => a!.v(input, env, (from) => b!.v(input, env, (upto) => c!.v(input, env, (by) => range2(from, upto, by, k))))),
  "any/0": () => anyAll(true)([iterate, identity]),
  "all/0": () => anyAll(false)([iterate, identity]),
  "any/1": ([c]) => anyAll(true)([iterate, c!]),
  "all/1": ([c]) => anyAll(false)([iterate, c!]),
  "any/2": anyAll(true),
  "all/2": anyAll(false),
  "isempty/1": ([g]) => code((input, env, k) => {
    let empty = true;
    g!.v(input, env, () => {
      empty = false;
      return true;
    });
    return k(empty);
  }),
  "infinite/0": fn0(() => Infinity),
  "nan/0": fn0(() => NaN),
  "isinfinite/0": fn0((v) => typeof v === "number" && (v === Infinity || v === -Infinity)),
  "isnan/0": fn0((v) => typeof v === "number" && Number.isNaN(v)),
  "isnormal/0": fn0((v) => typeof v === "number" && Number.isFinite(v) && v !== 0 && Math.abs(v) >= 2.2250738585072014e-308),
  "floor/0": math(Math.floor),
  "ceil/0": math(Math.ceil),
  "round/0": math((x) => (x < 0 ? -Math.round(-x) : Math.round(x))),
  "rint/0": math(roundHalfEven),
  "trunc/0": math(Math.trunc),
  "sqrt/0": math(Math.sqrt),
  "fabs/0": math(Math.abs),
  "fmin/2": math2((x, y) => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.min(x, y))),
  "fmax/2": math2((x, y) => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.max(x, y))),
  "fmod/2": math2((x, y) => x % y),
  "copysign/2": math2((x, y) => (Math.sign(y) < 0 || Object.is(y, -0) ? -Math.abs(x) : Math.abs(x))),
  "fdim/2": math2((x, y) => (x > y ? x - y : 0)),
};

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const iterateOpt: Code = {
  v: (input, env, k) => (Array.isArray(input) || isObject(input) ? iterate.v(input, env, k) : false),
  p: (input, path, env, k) => (Array.isArray(input) || isObject(input) ? iterate.p(input, path, env, k) : false),
};

function indexCode(i: number): Code {
  return {
    v: (input, _env, k) => k(index(input, i)),
    p: (input, path, _env, k) => k(index(input, i), path && [...path, i]),
  };
}

export { iterate, identity };
