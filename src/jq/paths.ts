import { compare, equals, fail, isObject, typeOf, type JqObject } from "./values.ts";
import type { JqValue } from "./types.ts";

/** `{start, end}` of a slice resolved against a length, as jq's parse_slice does; a missing bound is an error. */
export function sliceBounds(length: number, from: JqValue | undefined, to: JqValue | undefined): [number, number] {
  if (from === undefined || to === undefined) fail("Array/string slice indices must be integers");
  if (from === null) from = 0;
  if (to === null) to = length;
  if (typeof from !== "number" || typeof to !== "number") fail("Array/string slice indices must be integers");
  let s = Number.isNaN(from) ? 0 : from;
  if (s < 0) s += length;
  if (s < 0) s = 0;
  if (s > length) s = length;
  s = Math.floor(s);
  let e = Number.isNaN(to) ? length : to;
  if (e < 0) e += length;
  if (e < 0) e = s;
  let end = Math.trunc(Math.min(e, 2147483647));
  if (end > length) end = length;
  if (end < length && end < e) end += 1;
  if (end < s) end = s;
  return [s, end];
}

/** Codepoint-wise string slice. */
export function sliceString(s: string, from: JqValue | undefined, to: JqValue | undefined): string {
  const ascii = !/[\ud800-\udfff]/.test(s);
  if (ascii) {
    const [a, b] = sliceBounds(s.length, from, to);
    return s.slice(a, b);
  }
  const cps = Array.from(s);
  const [a, b] = sliceBounds(cps.length, from, to);
  return cps.slice(a, b).join("");
}

export function slice(t: JqValue, from: JqValue | undefined, to: JqValue | undefined): JqValue {
  if (t === null) return null;
  if (typeof t === "string") return sliceString(t, from, to);
  if (Array.isArray(t)) {
    const [a, b] = sliceBounds(t.length, from, to);
    return t.slice(a, b);
  }
  return fail(`Cannot index ${typeOf(t)} with object`);
}

const bound = (k: JqObject, name: string): JqValue | undefined => (Object.hasOwn(k, name) ? k[name] : undefined);

function indexFailure(t: JqValue, k: JqValue): never {
  if (typeof k === "string" && new TextEncoder().encode(k).length < 30) fail(`Cannot index ${typeOf(t)} with string "${k}"`);
  return fail(`Cannot index ${typeOf(t)} with ${typeOf(k)}`);
}

/** `.[k]` (jv_get). */
export function index(t: JqValue, k: JqValue): JqValue {
  if (typeof k === "string") {
    if (isObject(t)) return Object.hasOwn(t, k) ? t[k]! : null;
    if (t === null) return null;
    return indexFailure(t, k);
  }
  if (typeof k === "number") {
    if (Array.isArray(t)) {
      if (Number.isNaN(k)) return null;
      let i = Math.trunc(Math.max(-2147483648, Math.min(2147483647, k)));
      if (i < 0) i += t.length;
      return i >= 0 && i < t.length ? t[i]! : null;
    }
    if (t === null) return null;
    return indexFailure(t, k);
  }
  if (isObject(k) && (Array.isArray(t) || typeof t === "string" || t === null)) {
    if (t === null) return null;
    return slice(t, bound(k, "start"), bound(k, "end"));
  }
  if (Array.isArray(t) && Array.isArray(k)) return indexesOf(t, k);
  return indexFailure(t, k);
}

/** `[1,2,1] | .[[1]]`: where the subarray starts. */
export function indexesOf(t: JqValue[], k: JqValue[]): JqValue {
  if (k.length === 0) return null;
  const out: number[] = [];
  for (let i = 0; i + k.length <= t.length; i++) {
    let all = true;
    for (let j = 0; j < k.length; j++) if (!equals(t[i + j]!, k[j]!)) { all = false; break; }
    if (all) out.push(i);
  }
  return out;
}

/** jv_set: a copy of `t` with `k` set to `v`. */
export function set(t: JqValue, k: JqValue, v: JqValue): JqValue {
  if (typeof k === "string" && (t === null || isObject(t))) {
    return { ...(t ?? {}), [k]: v } as JqObject;
  }
  if (typeof k === "number" && (t === null || Array.isArray(t))) {
    if (Number.isNaN(k)) fail("Cannot set array element at NaN index");
    const arr = t === null ? [] : t.slice();
    let i = Math.trunc(Math.max(-2147483648, Math.min(2147483647, k)));
    if (i < 0) {
      i += arr.length;
      if (i < 0) fail("Out of bounds negative array index");
    }
    while (arr.length < i) arr.push(null);
    arr[i] = v;
    return arr;
  }
  if (isObject(k) && (t === null || Array.isArray(t))) {
    const arr = t === null ? [] : t;
    const [s, e] = sliceBounds(arr.length, bound(k, "start"), bound(k, "end"));
    if (!Array.isArray(v)) fail("A slice of an array can only be assigned another array");
    return [...arr.slice(0, s), ...v, ...arr.slice(e)];
  }
  if (isObject(k) && typeof t === "string") fail("Cannot update string slices");
  return fail(`Cannot update field at ${typeOf(k)} index of ${typeOf(t)}`);
}

export function getpath(t: JqValue, path: JqValue): JqValue {
  if (!Array.isArray(path)) fail("Path must be specified as an array");
  for (const k of path) {
    if (t === null) return null;
    t = index(t, k);
  }
  return t;
}

export function setpath(t: JqValue, path: JqValue, v: JqValue, from = 0): JqValue {
  if (!Array.isArray(path)) fail("Path must be specified as an array");
  if (from >= path.length) return v;
  const k = path[from]!;
  return set(t, k, setpath(index(t, k), path, v, from + 1));
}

function dels(t: JqValue, keys: JqValue[]): JqValue {
  if (t === null || keys.length === 0) return t;
  if (Array.isArray(t)) {
    const drop = new Set<number>();
    for (const key of keys) {
      if (typeof key === "number") {
        const i = Math.trunc(key < 0 ? t.length + key : key);
        drop.add(i);
      } else if (isObject(key)) {
        const [s, e] = sliceBounds(t.length, bound(key, "start"), bound(key, "end"));
        for (let i = s; i < e; i++) drop.add(i);
      } else {
        fail(`Cannot delete ${typeOf(key)} element of array`);
      }
    }
    return t.filter((_, i) => !drop.has(i));
  }
  if (isObject(t)) {
    const out = { ...t };
    for (const key of keys) {
      if (typeof key !== "string") fail(`Cannot delete ${typeOf(key)} field of object`);
      delete out[key];
    }
    return out;
  }
  return fail(`Cannot delete fields from ${typeOf(t)}`);
}

function delpathsSorted(t: JqValue, paths: JqValue[][], start: number): JqValue {
  const delkeys: JqValue[] = [];
  for (let i = 0; i < paths.length; ) {
    const key = paths[i]![start]!;
    const whole = paths[i]!.length === start + 1;
    let j = i;
    while (j < paths.length && equals(key, paths[j]![start]!)) j++;
    if (whole) delkeys.push(key);
    else {
      const sub = index(t, key);
      if (sub !== null) t = set(t, key, delpathsSorted(sub, paths.slice(i, j), start + 1));
    }
    i = j;
  }
  return dels(t, delkeys);
}

export function delpaths(t: JqValue, paths: JqValue): JqValue {
  if (!Array.isArray(paths)) fail("Paths must be specified as an array");
  const sorted = paths.slice().sort(compare);
  for (const p of sorted) if (!Array.isArray(p)) fail(`Path must be specified as array, not ${typeOf(p)}`);
  if (sorted.length === 0) return t;
  if ((sorted[0] as JqValue[]).length === 0) return null;
  return delpathsSorted(t, sorted as JqValue[][], 0);
}
