import { splitString } from "../arith.ts";
import { JqRuntimeError } from "../errors.ts";
import type { JqValue } from "../types.ts";
import { described, fail } from "../values.ts";
import { fn0, fnV } from "./helpers.ts";
import type { Native } from "./index.ts";

const NUMBER = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const JSON_SPACE = /^[ \t\n\r]*|[ \t\n\r]*$/g;

/** jq's parser messages for the malformed texts mappings meet; anything stranger is reported the same way jq words most of them. */
function parseFailure(text: string): never {
  const trimmed = text.replace(JSON_SPACE, "");
  let message: string;
  if (trimmed === "") message = "Expected JSON value";
  else if (/[ \t\n\r]/.test(trimmed) && trimmed.split(/[ \t\n\r]+/).every((t) => NUMBER.test(t) || isJson(t))) message = "Unexpected extra JSON values";
  else if (!/^[[\]{},:"]/.test(trimmed)) {
    // jq's scanner gathers everything up to whitespace or punctuation into one literal, then rejects it.
    const token = /^[^ \t\n\r[\]{},:"]*/.exec(trimmed)![0];
    const after = trimmed.slice(token.length);
    if ((NUMBER.test(token) || ["true", "false", "null", "nan"].includes(token)) && /^[[{][^\]}]*$/.test(after)) {
      throw new JqRuntimeError(`Unfinished JSON term at EOF at line 1, column ${new TextEncoder().encode(text).length} (while parsing '${text}')`);
    }
    const literal = /^[tfn]/.test(token) ? "Invalid literal" : "Invalid numeric literal";
    const start = text.indexOf(token);
    const atEof = start + token.length === text.length;
    const column = new TextEncoder().encode(text.slice(0, start + token.length + (atEof ? 0 : 1))).length;
    message = `${literal} at ${atEof ? "EOF at " : ""}line 1, column ${column}`;
  } else message = "Invalid JSON text";
  throw new JqRuntimeError(`${message} (while parsing '${text}')`);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** jq's JSON parser: also `nan`, numbers like `.5`, `1.` and `+1`. */
export function parseJson(text: string): JqValue {
  const trimmed = text.replace(JSON_SPACE, "");
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (trimmed === "nan" || trimmed === "-nan") return NaN;
  try {
    return JSON.parse(text) as JqValue;
  } catch {
    return parseFailure(text);
  }
}

function tonumber(v: JqValue): JqValue {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const parsed = parseJson(v);
    if (typeof parsed === "number") return parsed;
  }
  return fail(`${described(v)} cannot be parsed as a number`);
}

function fromjson(v: JqValue): JqValue {
  if (typeof v !== "string") fail(`${described(v)} only strings can be parsed`);
  return parseJson(v);
}

const bothStrings = (name: string, f: (a: string, b: string) => JqValue) =>
  fnV((input, arg) => {
    if (typeof input !== "string" || typeof arg !== "string") fail(`${name}() requires string inputs`);
    return f(input, arg);
  });

const trimStr = (f: (a: string, b: string) => string) =>
  fnV((input, arg) => (typeof input === "string" && typeof arg === "string" ? f(input, arg) : input));

const ascii = (from: number, to: number, delta: number) =>
  fn0((v) => {
    if (typeof v !== "string") fail("explode input must be a string");
    let out = "";
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      out += c >= from && c <= to ? String.fromCharCode(c + delta) : v[i];
    }
    return out;
  });

export const STRINGS: Record<string, Native> = {
  "tonumber/0": fn0(tonumber),
  "fromjson/0": fn0(fromjson),
  "startswith/1": bothStrings("startswith", (a, b) => a.startsWith(b)),
  "endswith/1": bothStrings("endswith", (a, b) => a.endsWith(b)),
  "ltrimstr/1": trimStr((a, b) => (a.startsWith(b) ? a.slice(b.length) : a)),
  "rtrimstr/1": trimStr((a, b) => (a.endsWith(b) && b.length > 0 ? a.slice(0, a.length - b.length) : a)),
  "split/1": fnV((input, sep) => {
    if (typeof input !== "string" || typeof sep !== "string") fail("split input and separator must be strings");
    return splitString(input, sep);
  }),
  "ascii_downcase/0": ascii(65, 90, 32),
  "ascii_upcase/0": ascii(97, 122, -32),
};
