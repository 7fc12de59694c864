import { JqUnsupportedError } from "../errors.ts";
import { sliceString } from "../paths.ts";
import { code, type Code, type Env } from "../runtime.ts";
import type { JqValue } from "../types.ts";
import { add } from "../arith.ts";
import { described, fail, setKey, type JqObject } from "../values.ts";
import type { Native } from "./index.ts";

interface Compiled {
  re: RegExp;
  global: boolean;
  names: (string | null)[];
}

/**
 * Oniguruma (jq's Perl_NG syntax) to a JS RegExp with the `u` flag, where the two agree exactly;
 * anything else is left to jq-web.
 */
function translate(source: string, extended: boolean, dotAll: boolean): { pattern: string; names: (string | null)[] } {
  let out = "";
  const names: (string | null)[] = [];
  let inClass = false;
  const unsupported = (what: string): never => {
    throw new JqUnsupportedError(`regex ${what} in ${JSON.stringify(source)}`);
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      const e = source[i + 1];
      if (e === undefined) unsupported("trailing backslash");
      i++;
      if ("dDwWsS".includes(e!)) {
        // Oniguruma's classes are Unicode-aware: \d is any decimal digit, \w any word character.
        const map: Record<string, string> = {
          d: "\\p{Nd}", D: "\\P{Nd}", w: "\\p{L}\\p{M}\\p{Nd}\\p{Pc}", s: "\\s", S: "\\S",
        };
        if (e === "W") out += inClass ? unsupported("\\W in a class") : "[^\\p{L}\\p{M}\\p{Nd}\\p{Pc}]";
        else if (e === "w") out += inClass ? map.w : `[${map.w}]`;
        else out += map[e!];
        continue;
      }
      if (e === "A" && !inClass) { out += "(?<![\\s\\S])"; continue; }
      if (e === "z" && !inClass) { out += "(?![\\s\\S])"; continue; }
      if (e === "Z" && !inClass) { out += "(?=\\n?(?![\\s\\S]))"; continue; }
      if ("tnrfve".includes(e!)) { out += e === "e" ? "\\x1b" : "\\" + e; continue; }
      if (/[1-9]/.test(e!) && !inClass) { out += "\\" + e; continue; }
      if (e === "x" && /^[0-9a-fA-F]{2}/.test(source.slice(i + 1))) { out += "\\x" + source.slice(i + 1, i + 3); i += 2; continue; }
      if (e === "k" && source[i + 1] === "<") {
        const end = source.indexOf(">", i);
        out += "\\k" + source.slice(i + 1, end + 1);
        i = end;
        continue;
      }
      if (/[A-Za-z0-9]/.test(e!)) unsupported(`\\${e}`);
      // An escaped punctuation character stands for itself.
      out += /[\^$\\.*+?()[\]{}|\/-]/.test(e!) ? "\\" + e : e;
      continue;
    }
    if (inClass) {
      if (c === "[") unsupported("nested character class");
      if (c === "&" && source[i + 1] === "&") unsupported("class intersection");
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (extended && /\s/.test(c)) continue;
    if (extended && c === "#") {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    switch (c) {
      case "[":
        inClass = true;
        out += c;
        if (source[i + 1] === "^") { out += "^"; i++; }
        if (source[i + 1] === "]") { out += "\\]"; i++; }
        if (source[i + 1] === "[") unsupported("POSIX bracket or nested class");
        continue;
      case ".":
        out += dotAll ? "[\\s\\S]" : "[^\\n]";
        continue;
      case "$":
        out += "(?=\\n?(?![\\s\\S]))";
        continue;
      case "^":
        out += "(?<![\\s\\S])";
        continue;
      case "(": {
        if (source[i + 1] !== "?") {
          names.push(null);
          out += c;
          continue;
        }
        const rest = source.slice(i + 2);
        const named = /^<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest) ?? /^P<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
        if (named) {
          if (names.includes(named[1]!)) unsupported("duplicate group name");
          names.push(named[1]!);
          out += `(?<${named[1]}>`;
          i += 1 + named[0].length;
          continue;
        }
        if (/^(?::|=|!|<=|<!)/.test(rest)) {
          const m = /^(?::|=|!|<=|<!)/.exec(rest)![0];
          out += "(?" + m;
          i += 1 + m.length;
          continue;
        }
        return unsupported("group construct (?" + rest.slice(0, 2));
      }
      case "{": {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
        if (m) {
          out += m[0];
          i += m[0].length - 1;
          if (source[i + 1] === "+") unsupported("possessive quantifier");
        } else if (/^\{,\d+\}/.test(source.slice(i))) {
          unsupported("{,n} quantifier");
        } else {
          out += "\\{";
        }
        continue;
      }
      case "}":
        out += "\\}";
        continue;
      case "]":
        out += "\\]";
        continue;
      case "*":
      case "+":
      case "?":
        out += c;
        if (source[i + 1] === "+") unsupported("possessive quantifier");
        continue;
      default:
        out += c;
    }
  }
  if (inClass) unsupported("unterminated class");
  return { pattern: out, names };
}

const cache = new Map<string, Compiled>();

function compileRegex(source: JqValue, flags: JqValue): Compiled {
  if (typeof source !== "string") throw new JqUnsupportedError("regex that is not a string");
  if (flags !== null && typeof flags !== "string") throw new JqUnsupportedError("regex flags that are not a string");
  const key = `${flags}\u0000${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let global = false;
  let ignoreCase = false;
  let extended = false;
  let dotAll = false;
  for (const f of flags ?? "") {
    if (f === "g") global = true;
    else if (f === "i") ignoreCase = true;
    else if (f === "x") extended = true;
    else if (f === "s") continue; // Perl_NG's default already
    else if (f === "m" || f === "p") dotAll = true;
    else throw new JqUnsupportedError(`regex flag ${JSON.stringify(f)}`);
  }
  const { pattern, names } = translate(source, extended, dotAll);
  let re: RegExp;
  try {
    re = new RegExp(pattern, ignoreCase ? "dgui" : "dgu");
  } catch {
    throw new JqUnsupportedError(`regex ${JSON.stringify(source)}`);
  }
  const compiled = { re, global, names };
  cache.set(key, compiled);
  return compiled;
}

const cpLength = (s: string) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) n++;
  }
  return n;
};

function matches(input: string, { re, global, names }: Compiled, testOnly: boolean): JqObject[] | boolean {
  re.lastIndex = 0;
  const out: JqObject[] = [];
  for (;;) {
    const m = re.exec(input) as (RegExpExecArray & { indices: ([number, number] | undefined)[] }) | null;
    if (!m) break;
    if (testOnly) return true;
    const offset = cpLength(input.slice(0, m.index));
    const whole = m[0];
    const captures: JqValue[] = [];
    for (let i = 1; i < m.length; i++) {
      const name = names[i - 1] ?? null;
      const s = m[i];
      // jq reports every capture of an empty match as empty at the match's offset.
      if (whole === "") captures.push({ offset, string: "", length: 0, name });
      else if (s === undefined) captures.push({ offset: -1, string: null, length: 0, name });
      else if (s === "") captures.push({ offset: cpLength(input.slice(0, m.indices[i]![0])), string: "", length: 0, name });
      else captures.push({ offset: cpLength(input.slice(0, m.indices[i]![0])), length: cpLength(s), string: s, name });
    }
    out.push({ offset, length: cpLength(whole), string: whole, captures });
    if (!global) break;
    if (whole === "") {
      if (re.lastIndex >= input.length) break;
      const cp = input.codePointAt(re.lastIndex)!;
      // jq resumes one byte further, inside a multi-byte character; a pattern that matches the
      // empty string matches there again, reported at the next character.
      const extra = (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4) - 1;
      if (extra > 0 && nullable(re)) {
        const next = { offset: offset + 1, string: "", length: 0 };
        for (let n = 0; n < extra; n++) out.push({ ...next, captures: captures.map((c) => ({ ...(c as JqObject), offset: offset + 1 })) });
      }
      re.lastIndex += cp > 0xffff ? 2 : 1;
    }
  }
  return testOnly ? false : out;
}

/** Whether the pattern matches the empty string by itself (not through what surrounds it). */
function nullable(re: RegExp): boolean {
  const probe = new RegExp(re.source, re.flags.replace("g", ""));
  return probe.exec("")?.[0] === "";
}

function run(input: JqValue, compiled: Compiled, testOnly: boolean): JqObject[] | boolean {
  if (typeof input !== "string") fail(`${described(input)} cannot be matched, as it is not a string`);
  return matches(input, compiled, testOnly);
}

/** The regex and flags must be constants: they are translated once, at compile time. */
function constantRegex(re: Code, flags: Code | null, extraFlags = ""): Compiled {
  if (!("constant" in re) || (flags && !("constant" in flags))) throw new JqUnsupportedError("regex or flags computed at run time");
  let f: JqValue = flags ? flags.constant! : null;
  let source = re.constant!;
  if (!flags && Array.isArray(source)) throw new JqUnsupportedError("regex given as an array");
  if (extraFlags) f = add(f, extraFlags);
  if (typeof source !== "string") throw new JqUnsupportedError("regex that is not a string");
  return compileRegex(source, f);
}

function captureObject(m: JqObject): JqObject {
  const out: JqObject = {};
  for (const c of m.captures as JqObject[]) if (c.name !== null) setKey(out, c.name as string, c.string!);
  return out;
}

const matchN = (extra: string) => ([re, flags]: Code[]): Code => {
  const compiled = constantRegex(re!, flags ?? null, extra);
  return code((input, _env, k) => {
    for (const m of run(input, compiled, false) as JqObject[]) if (k(m)) return true;
    return false;
  });
};

const testN: Native = ([re, flags]) => {
  const compiled = constantRegex(re!, flags ?? null);
  return code((input, _env, k) => k(run(input, compiled, true) as boolean));
};

const captureN: Native = ([re, flags]) => {
  const compiled = constantRegex(re!, flags ?? null);
  return code((input, _env, k) => {
    for (const m of run(input, compiled, false) as JqObject[]) if (k(captureObject(m))) return true;
    return false;
  });
};

const scanN: Native = ([re, flags]) => {
  const compiled = constantRegex(re!, flags ?? null, "g");
  return code((input, _env, k) => {
    for (const m of run(input, compiled, false) as JqObject[]) {
      const caps = m.captures as JqObject[];
      if (k(caps.length > 0 ? caps.map((c) => c.string!) : m.string!)) return true;
    }
    return false;
  });
};

function splitsOf(input: JqValue, compiled: Compiled): string[] {
  const found = run(input, compiled, false) as JqObject[];
  const s = input as string;
  const bounds = [0];
  for (const m of found) bounds.push(m.offset as number, (m.offset as number) + (m.length as number));
  bounds.push(cpLength(s));
  const out: string[] = [];
  for (let i = 0; i < bounds.length; i += 2) out.push(sliceString(s, bounds[i]!, bounds[i + 1]!));
  return out;
}

const splitsN: Native = ([re, flags]) => {
  const compiled = constantRegex(re!, flags ?? null, "g");
  return code((input, _env, k) => {
    for (const piece of splitsOf(input, compiled)) if (k(piece)) return true;
    return false;
  });
};

const split2: Native = ([re, flags]) => {
  const compiled = constantRegex(re!, flags ?? null, "g");
  return code((input, _env, k) => k(splitsOf(input, compiled)));
};

/** sub/gsub as jq 1.7.1 defines them: one result per output of the replacement, accumulated over the matches. */
const subN = (global: boolean): Native => ([re, replacement, flags]) => {
  const compiled = constantRegex(re!, flags ?? null, global ? "g" : "");
  return code((input, env: Env | null, k) => {
    const found = run(input, compiled, false) as JqObject[];
    const s = input as string;
    let results: JqValue[] = [];
    let previous = 0;
    for (const m of found) {
      const gap = sliceString(s, previous, m.offset!);
      const inserts: JqValue[] = [];
      replacement!.v(captureObject(m), env, (x) => {
        inserts.push(x);
        return false;
      });
      results = results.slice();
      for (let ix = 0; ix < inserts.length; ix++) results[ix] = add(results[ix] ?? null, add(gap, inserts[ix]!));
      previous = (m.offset as number) + (m.length as number);
    }
    if (results.length === 0) return k(s);
    const tail = sliceString(s, previous, null);
    for (const r of results) if (k(add(r, tail))) return true;
    return false;
  });
};

export const REGEX: Record<string, Native> = {
  "test/1": testN,
  "test/2": testN,
  "match/1": matchN(""),
  "match/2": matchN(""),
  "capture/1": captureN,
  "capture/2": captureN,
  "scan/1": scanN,
  "scan/2": scanN,
  "splits/1": splitsN,
  "splits/2": splitsN,
  "split/2": split2,
  "sub/2": subN(false),
  "sub/3": subN(false),
  "gsub/2": subN(true),
  "gsub/3": subN(true),
};
