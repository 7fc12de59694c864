import { compare, compute, described, equals, fail, isObject, setKey, typeOf, type JqObject } from "./values.ts";
import type { JqValue } from "./types.ts";

const failure = (a: JqValue, b: JqValue, what: string): never => fail(`${described(a)} and ${described(b)} ${what}`);

export function add(a: JqValue, b: JqValue): JqValue {
  if (a === null) return b;
  if (b === null) return a;
  if (typeof a === "number" && typeof b === "number") return compute(a + b);
  if (typeof a === "string" && typeof b === "string") return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
  if (isObject(a) && isObject(b)) return { ...a, ...b };
  return failure(a, b, "cannot be added");
}

export function subtract(a: JqValue, b: JqValue): JqValue {
  if (typeof a === "number" && typeof b === "number") return compute(a - b);
  if (Array.isArray(a) && Array.isArray(b)) return a.filter((x) => !b.some((y) => equals(x, y)));
  return failure(a, b, "cannot be subtracted");
}

function deepMerge(a: JqObject, b: JqObject): JqObject {
  const out: JqObject = { ...a };
  for (const k in b) {
    const x = out[k];
    const y = b[k]!;
    setKey(out, k, x !== undefined && Object.hasOwn(out, k) && isObject(x) && isObject(y) ? deepMerge(x, y) : y);
  }
  return out;
}

export function multiply(a: JqValue, b: JqValue): JqValue {
  if (typeof a === "number" && typeof b === "number") return compute(a * b);
  if ((typeof a === "string" && typeof b === "number") || (typeof a === "number" && typeof b === "string")) {
    const str = typeof a === "string" ? a : (b as string);
    const d = typeof a === "number" ? a : (b as number);
    if (d < 0 || Number.isNaN(d)) return null;
    return str.repeat(Math.trunc(Math.min(d, 2147483647)));
  }
  if (isObject(a) && isObject(b)) return deepMerge(a, b);
  return failure(a, b, "cannot be multiplied");
}

export function divide(a: JqValue, b: JqValue): JqValue {
  if (typeof a === "number" && typeof b === "number") {
    if (b === 0) failure(a, b, "cannot be divided because the divisor is zero");
    return compute(a / b);
  }
  if (typeof a === "string" && typeof b === "string") return splitString(a, b);
  return failure(a, b, "cannot be divided");
}

/** intmax_t conversion as C does it (saturating), then `%` with C's sign rules. */
const toIntmax = (n: number) => (n <= -9223372036854775808 ? -9223372036854775808n : n >= 9223372036854775807 ? 9223372036854775807n : BigInt(Math.trunc(n)));

export function modulo(a: JqValue, b: JqValue): JqValue {
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
    if (Math.abs(a) < 2 ** 53 && Math.abs(b) < 2 ** 53) {
      const bi = Math.trunc(b);
      if (bi === 0) failure(a, b, "cannot be divided (remainder) because the divisor is zero");
      const r = Math.trunc(a) % bi;
      return r === 0 ? 0 : r;
    }
    const bi = toIntmax(b);
    if (bi === 0n) failure(a, b, "cannot be divided (remainder) because the divisor is zero");
    return bi === -1n ? 0 : Number(toIntmax(a) % bi);
  }
  return failure(a, b, "cannot be divided (remainder)");
}

/** `"a,b" / ","` and split/1: jq splits on every occurrence; an empty input gives []. */
export function splitString(s: string, sep: string): JqValue[] {
  if (s === "") return [];
  return sep === "" ? Array.from(s) : s.split(sep);
}

export function negate(a: JqValue): JqValue {
  if (typeof a !== "number") fail(`${described(a)} cannot be negated`);
  return compute(-a);
}

export const BINARY_OPS: Record<string, (a: JqValue, b: JqValue) => JqValue> = {
  "+": add,
  "-": subtract,
  "*": multiply,
  "/": divide,
  "%": modulo,
  "==": (a, b) => equals(a, b),
  "!=": (a, b) => !equals(a, b),
  "<": (a, b) => compare(a, b) < 0,
  "<=": (a, b) => compare(a, b) <= 0,
  ">": (a, b) => compare(a, b) > 0,
  ">=": (a, b) => compare(a, b) >= 0,
};

export { typeOf };
