import { JqRuntimeError } from "./errors.ts";
import type { JqValue } from "./types.ts";

export type JqObject = { [key: string]: JqValue };

export function typeOf(v: JqValue): "null" | "boolean" | "number" | "string" | "array" | "object" {
  if (v === null) return "null";
  const t = typeof v;
  if (t === "object") return Array.isArray(v) ? "array" : "object";
  return t as "boolean" | "number" | "string";
}

export const isObject = (v: JqValue): v is JqObject => typeof v === "object" && v !== null && !Array.isArray(v);
export const isTruthy = (v: JqValue) => v !== null && v !== false;

const ORDER = { null: 0, boolean: 1, number: 3, string: 4, array: 5, object: 6 } as const;
const rank = (v: JqValue) => (v === true ? 2 : ORDER[typeOf(v)]);

/** jq strings compare by codepoint; UTF-16 code units compare the same except across surrogates. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** jq's total order: null < false < true < numbers < strings < arrays < objects. */
export function compare(a: JqValue, b: JqValue): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 3: {
      const x = a as number;
      const y = b as number;
      // jq compares nan as if it were null: below every number, itself included.
      if (Number.isNaN(x)) return -1;
      if (Number.isNaN(y)) return 1;
      return x < y ? -1 : x === y ? 0 : 1;
    }
    case 4:
      return compareStrings(a as string, b as string);
    case 5: {
      const x = a as JqValue[];
      const y = b as JqValue[];
      for (let i = 0; ; i++) {
        if (i >= x.length) return i >= y.length ? 0 : -1;
        if (i >= y.length) return 1;
        const c = compare(x[i]!, y[i]!);
        if (c !== 0) return c;
      }
    }
    case 6: {
      const x = a as JqObject;
      const y = b as JqObject;
      const kx = sortedKeys(x);
      const ky = sortedKeys(y);
      const c = compare(kx, ky);
      if (c !== 0) return c;
      for (const k of kx) {
        const d = compare(x[k]!, y[k]!);
        if (d !== 0) return d;
      }
      return 0;
    }
    default:
      return 0;
  }
}

export const equals = (a: JqValue, b: JqValue) => (a === b && a === a) || compare(a, b) === 0;

export function sortedKeys(o: JqObject): string[] {
  return Object.keys(o).sort(compareStrings);
}

export function sortValues(values: JqValue[]): JqValue[] {
  return values.slice().sort(compare);
}

// ---- text forms --------------------------------------------------------------------------------

const DBL_MAX = "1.7976931348623157e+308";

/**
 * jq 1.7.1 prints a number read from JSON as its literal (here: the shortest round-trip text, with
 * an upper-case exponent, `1E+21`) and a computed one with its own dtoa format (`1e+21`, `1e-05`,
 * `1e+17`). The two differ only for very small or very large numbers; those that arithmetic
 * produced during the current run are remembered here, so they print as computed.
 */
const computed = new Set<number>();

/** Records an arithmetic result whose computed form differs from its literal form. */
export function compute(n: number): number {
  if (n !== 0 && (Math.abs(n) < 1e-4 || Math.abs(n) >= 1e16) && Number.isFinite(n)) computed.add(n);
  return n;
}

/** Called before each run: what one item computed does not change how another prints. */
export function forgetComputed(): void {
  if (computed.size) computed.clear();
}

function dtoa(n: number): string {
  const [mantissa, exp] = Math.abs(n).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const e = Number(exp);
  const decpt = e + 1;
  const sign = n < 0 ? "-" : "";
  if (decpt <= -4 || decpt > digits.length + 15) {
    return `${sign}${digits[0]}${digits.length > 1 ? "." + digits.slice(1) : ""}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return sign + digits + "0".repeat(decpt - digits.length);
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

export function numberToString(n: number): string {
  if (Number.isNaN(n)) return "null";
  if (n === Infinity) return DBL_MAX;
  if (n === -Infinity) return "-" + DBL_MAX;
  if (Object.is(n, -0)) return "-0";
  if (computed.size && computed.has(n)) return dtoa(n);
  return String(n).replace("e", "E");
}

function quote(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x7f) {
      switch (c) {
        case 0x22: esc = '\\"'; break;
        case 0x5c: esc = "\\\\"; break;
        case 0x0a: esc = "\\n"; break;
        case 0x09: esc = "\\t"; break;
        case 0x0d: esc = "\\r"; break;
        case 0x08: esc = "\\b"; break;
        case 0x0c: esc = "\\f"; break;
        default: esc = "\\u" + c.toString(16).padStart(4, "0");
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const lead = c <= 0xdbff;
      const next = s.charCodeAt(i + 1);
      if (lead && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      esc = "\ufffd";
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** `tojson` / `-c` output. */
export function toJson(v: JqValue): string {
  switch (typeof v) {
    case "string": return quote(v);
    case "number": return numberToString(v);
    case "boolean": return v ? "true" : "false";
    default:
      if (v === null) return "null";
      if (Array.isArray(v)) {
        let out = "[";
        for (let i = 0; i < v.length; i++) out += (i ? "," : "") + toJson(v[i]!);
        return out + "]";
      }
      {
        let out = "{";
        let first = true;
        for (const k in v) {
          out += (first ? "" : ",") + quote(k) + ":" + toJson(v[k]!);
          first = false;
        }
        return out + "}";
      }
  }
}

export const toText = (v: JqValue) => (typeof v === "string" ? v : toJson(v));

/** Strings without lone surrogates, as jq stores them (it replaces invalid UTF-16 with U+FFFD). */
export function wellFormed(s: string): string {
  return (s as string & { toWellFormed?: () => string }).toWellFormed?.() ?? s;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** jq's value in error messages: its JSON cut to 11 bytes and "..." past 14 (jv_dump_string_trunc with a 15-byte buffer). */
export function errorText(v: JqValue, size = 15): string {
  const text = toJson(v);
  const bytes = encoder.encode(text);
  if (bytes.length < size) return text;
  return decoder.decode(bytes.subarray(0, size - 4)) + "...";
}

export function fail(message: string): never {
  throw new JqRuntimeError(message);
}

/** "object ({\"a\":1})": a value's type and truncated text, as jq's messages show it. */
export const described = (v: JqValue) => `${typeOf(v)} (${errorText(v)})`;

/** Sets an own property, `__proto__` included (plain assignment would change the prototype). */
export function setKey(o: JqObject, k: string, v: JqValue): JqObject {
  if (k === "__proto__") Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
  return o;
}
