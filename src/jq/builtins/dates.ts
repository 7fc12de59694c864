import { JqUnsupportedError } from "../errors.ts";
import { code } from "../runtime.ts";
import type { JqValue } from "../types.ts";
import { fail } from "../values.ts";
import { fn0 } from "./helpers.ts";
import type { Native } from "./index.ts";

/**
 * jq-web is jq built with emscripten: strptime is emscripten's JavaScript one, strftime and gmtime
 * are musl's, timegm is Date.UTC. These follow those, in UTC.
 */

type Tm = [year: number, mon: number, mday: number, hour: number, min: number, sec: number, wday: number, yday: number];

const DAY = 86_400_000;
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A C int field written from a JS number, as emscripten's HEAP32 stores it (NaN is 0). */
const int = (n: number) => (Number.isNaN(n) ? 0 : Math.trunc(n));

/** emscripten's gmtime: through a Date, so beyond its range every field is 0 (year 1900). */
function gmtime(v: JqValue): Tm {
  if (typeof v !== "number") fail("gmtime() requires numeric inputs");
  const secs = Number.isNaN(v) ? 0 : Math.trunc(v);
  const d = new Date(secs * 1000);
  const year = d.getUTCFullYear();
  // Date.UTC maps years 0-99 to 19xx, hence emscripten's odd day of year there.
  const yday = int((d.getTime() - Date.UTC(year, 0, 1, 0, 0, 0, 0)) / DAY) | 0;
  return [
    int(year - 1900) + 1900, int(d.getUTCMonth()), int(d.getUTCDate()), int(d.getUTCHours()), int(d.getUTCMinutes()),
    int(d.getUTCSeconds()) + (v - Math.floor(v)), int(d.getUTCDay()), yday,
  ];
}

/** jv2tm: the eight fields of a broken-down time, each a number, as C ints. */
function toTm(v: JqValue, message: string): Tm {
  if (!Array.isArray(v)) fail(message);
  const out: number[] = [];
  for (let i = 0; i < 8; i++) {
    const n = v[i];
    if (typeof n !== "number") fail(message);
    out.push(Math.trunc(n));
  }
  return out as Tm;
}

function timegm(tm: Tm): number {
  const t = Date.UTC(tm[0], tm[1], tm[2], tm[3], tm[4], tm[5]);
  if (Number.isNaN(t)) fail("invalid gmtime representation");
  return Math.floor(t / 1000);
}

function mktime(v: JqValue): JqValue {
  if (!Array.isArray(v)) fail("mktime requires array inputs");
  if (v.length < 6) fail("mktime requires parsed datetime inputs");
  return timegm(toTm(v, "mktime requires parsed datetime inputs"));
}

const pad = (n: number, width: number, fill = "0") => String(n).padStart(width, fill);

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** ISO 8601 weeks in a year: 53 when it starts on a Thursday, or on a Wednesday in a leap year. */
function isoWeeks(year: number, jan1Wday: number): number {
  return jan1Wday === 4 || (jan1Wday === 3 && isLeap(year)) ? 53 : 52;
}

/** ISO 8601 week-based year and week number. */
function isoWeek(tm: Tm): [number, number] {
  const [year, , , , , , wday, yday] = tm;
  const jan1 = (((wday - yday) % 7) + 7) % 7;
  const week = Math.floor((yday - ((wday + 6) % 7) + 10) / 7);
  if (week < 1) {
    const prevJan1 = (((jan1 - (isLeap(year - 1) ? 366 : 365)) % 7) + 7) % 7;
    return [year - 1, isoWeeks(year - 1, prevJan1)];
  }
  if (week > isoWeeks(year, jan1)) return [year + 1, 1];
  return [year, week];
}

/** musl's %Y: at least four digits, a sign past 9999. */
const yearText = (y: number) => (y > 9999 ? "+" + y : y < 0 ? "-" + pad(-y, 3) : pad(y, 4));

function strftime(tm: Tm, fmt: string): string {
  const [year, mon, mday, hour, min, sec, wday, yday] = tm;
  const failure = (): never => fail("strftime/1: unknown system failure");
  let out = "";
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== "%") {
      out += c;
      continue;
    }
    const d = fmt[++i];
    const hour12 = hour % 12 === 0 ? 12 : hour % 12;
    switch (d) {
      case "a": out += DAYS[wday]?.slice(0, 3) ?? "?"; break;
      case "A": out += DAYS[wday] ?? "?"; break;
      case "b": case "h": out += MONTHS[mon]?.slice(0, 3) ?? "?"; break;
      case "B": out += MONTHS[mon] ?? "?"; break;
      case "c": out += strftime(tm, "%a %b %e %T %Y"); break;
      case "C": out += pad(Math.floor(year / 100), 2); break;
      case "d": out += pad(mday, 2); break;
      case "D": case "x": out += strftime(tm, "%m/%d/%y"); break;
      case "e": out += pad(mday, 2, " "); break;
      case "F": out += strftime(tm, "%Y-%m-%d"); break;
      case "g": out += pad(isoWeek(tm)[0] % 100, 2); break;
      case "G": out += yearText(isoWeek(tm)[0]); break;
      case "H": out += pad(hour, 2); break;
      case "I": out += pad(hour12, 2); break;
      case "j": out += pad(yday + 1, 3); break;
      case "m": out += pad(mon + 1, 2); break;
      case "M": out += pad(min, 2); break;
      case "n": out += "\n"; break;
      case "p": out += hour >= 12 ? "PM" : "AM"; break;
      case "r": out += strftime(tm, "%I:%M:%S %p"); break;
      case "R": out += strftime(tm, "%H:%M"); break;
      case "s": out += String(timegm(tm)); break;
      case "S": out += pad(sec, 2); break;
      case "t": out += "\t"; break;
      case "T": case "X": out += strftime(tm, "%H:%M:%S"); break;
      case "u": out += String(wday === 0 ? 7 : wday); break;
      case "U": out += pad(Math.floor((yday + 7 - wday) / 7), 2); break;
      case "V": out += pad(isoWeek(tm)[1], 2); break;
      case "w": out += String(wday); break;
      case "W": out += pad(Math.floor((yday + 7 - ((wday + 6) % 7)) / 7), 2); break;
      case "y": out += pad(year % 100, 2); break;
      case "Y": out += yearText(year); break;
      case "z": out += "+0000"; break;
      case "%": out += "%"; break;
      default: failure();
    }
  }
  if (out === "") failure();
  return out;
}

function strftimeOf(input: JqValue, fmt: JqValue): string {
  let tm: Tm;
  if (typeof input === "number") tm = gmtime(input);
  else if (!Array.isArray(input)) return fail("strftime/1 requires parsed datetime inputs");
  else if (typeof fmt !== "string") return fail("strftime/1 requires a string format");
  else tm = toTm(input, "strftime/1 requires parsed datetime inputs");
  if (typeof fmt !== "string") fail("strftime/1 requires a string format");
  return strftime(tm.map((n, i) => (i === 5 ? Math.trunc(n) : n)) as Tm, fmt);
}

// emscripten's strptime: the format becomes an anchored, case-insensitive regex.
const EQUIVALENT: Record<string, string> = {
  A: "%a", B: "%b", c: "%a %b %d %H:%M:%S %Y", D: "%m\\/%d\\/%y", e: "%d", F: "%Y-%m-%d", h: "%b",
  R: "%H\\:%M", r: "%I\\:%M\\:%S\\s%p", T: "%H\\:%M\\:%S", x: "%m\\/%d\\/(?:%y|%Y)", X: "%H\\:%M\\:%S",
};
const PATTERNS: Record<string, string> = {
  a: "(?:Sun(?:day)?)|(?:Mon(?:day)?)|(?:Tue(?:sday)?)|(?:Wed(?:nesday)?)|(?:Thu(?:rsday)?)|(?:Fri(?:day)?)|(?:Sat(?:urday)?)",
  b: "(?:Jan(?:uary)?)|(?:Feb(?:ruary)?)|(?:Mar(?:ch)?)|(?:Apr(?:il)?)|May|(?:Jun(?:e)?)|(?:Jul(?:y)?)|(?:Aug(?:ust)?)|(?:Sep(?:tember)?)|(?:Oct(?:ober)?)|(?:Nov(?:ember)?)|(?:Dec(?:ember)?)",
  C: "\\d\\d",
  d: "0[1-9]|[1-9](?!\\d)|1\\d|2\\d|30|31",
  H: "\\d(?!\\d)|[0,1]\\d|20|21|22|23",
  I: "\\d(?!\\d)|0\\d|10|11|12",
  m: "0[1-9]|[1-9](?!\\d)|10|11|12",
  M: "0\\d|\\d(?!\\d)|[1-5]\\d",
  n: " ",
  p: "AM|am|PM|pm|A\\.M\\.|a\\.m\\.|P\\.M\\.|p\\.m\\.",
  S: "0\\d|\\d(?!\\d)|[1-5]\\d|60",
  y: "\\d\\d",
  Y: "\\d\\d\\d\\d",
  t: " ",
  z: "Z|(?:[\\+\\-]\\d\\d:?(?:\\d\\d)?)",
};
const MONTH_NUMBERS: Record<string, number> = { JAN: 0, FEB: 1, MAR: 2, APR: 3, MAY: 4, JUN: 5, JUL: 6, AUG: 7, SEP: 8, OCT: 9, NOV: 10, DEC: 11 };

interface Parser {
  re: RegExp;
  capture: string[];
}

function strptimeParser(format: string): Parser {
  let pattern = format;
  for (const ch of "\\!@#$^&*()+=-[]/{}|:<>?,.") pattern = pattern.split(ch).join("\\" + ch);
  const capture: string[] = [];
  const out = pattern
    .replace(/%(.)/g, (m, c: string) => EQUIVALENT[c] ?? m)
    .replace(/%(.)/g, (_m, c: string) => {
      const p = PATTERNS[c];
      if (p) {
        capture.push(c);
        return `(${p})`;
      }
      // Week numbers, day of year and weekdays only matter through emscripten's date arithmetic: left to jq-web.
      throw new JqUnsupportedError(`strptime directive %${c}`);
    })
    .replace(/\s+/g, "\\s*");
  return { re: new RegExp("^" + out, "i"), capture };
}

function strptime(input: JqValue, fmt: string, parser: Parser): JqValue {
  if (typeof input !== "string") fail("strptime/1 requires string inputs and arguments");
  const m = parser.re.exec(input);
  const rest = m ? input.slice(m[0].length) : "";
  if (!m || (rest !== "" && !/^\s/.test(rest))) fail(`date "${input}" does not match format "${fmt}"`);
  const get = (c: string) => {
    const i = parser.capture.indexOf(c);
    return i >= 0 ? m[i + 1] : undefined;
  };
  const date = { year: 1970, month: 0, day: 1, hour: 0, min: 0, sec: 0 };
  let v: string | undefined;
  if ((v = get("S"))) date.sec = parseInt(v, 10);
  if ((v = get("M"))) date.min = parseInt(v, 10);
  if ((v = get("H"))) date.hour = parseInt(v, 10);
  else if ((v = get("I"))) {
    let hour = parseInt(v, 10);
    if ((v = get("p"))) hour += v.toUpperCase()[0] === "P" ? 12 : 0;
    date.hour = hour;
  }
  if ((v = get("Y"))) date.year = parseInt(v, 10);
  else if ((v = get("y"))) {
    let year = parseInt(v, 10);
    if ((v = get("C"))) year += parseInt(v, 10) * 100;
    else year += year < 69 ? 2000 : 1900;
    date.year = year;
  }
  if ((v = get("m"))) date.month = parseInt(v, 10) - 1;
  else if ((v = get("b"))) date.month = MONTH_NUMBERS[v.slice(0, 3).toUpperCase()] ?? 0;
  if ((v = get("d"))) date.day = parseInt(v, 10);
  // new Date(y, ...) maps years 0-99 to 19xx, as emscripten's does.
  const year = date.year >= 0 && date.year <= 99 ? date.year + 1900 : date.year;
  const d = new Date(Date.UTC(year, date.month, date.day, date.hour, date.min, date.sec));
  const yday = Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY);
  const tm: JqValue[] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCDay(), yday];
  if (rest !== "") tm.push(rest);
  return tm;
}

/** The format must be a constant: it is compiled to a regex once. */
const strptimeNative: Native = ([f]) => {
  if (!f || typeof f.constant !== "string") throw new JqUnsupportedError("strptime with a format computed at run time");
  const fmt = f.constant;
  const parser = strptimeParser(fmt);
  return code((input, _env, k) => k(strptime(input, fmt, parser)));
};

const ISO = "%Y-%m-%dT%H:%M:%SZ";
const isoParser = strptimeParser(ISO);
const fromdate = (v: JqValue) => mktime(strptime(v, ISO, isoParser));
const todate = (v: JqValue) => strftimeOf(v, ISO);

export const DATES: Record<string, Native> = {
  "gmtime/0": fn0(gmtime),
  "mktime/0": fn0(mktime),
  "strftime/1": ([f]) => code((input, env, k) => f!.v(input, env, (fmt) => k(strftimeOf(input, fmt)))),
  "strptime/1": strptimeNative,
  "todate/0": fn0(todate),
  "todateiso8601/0": fn0(todate),
  "fromdate/0": fn0(fromdate),
  "fromdateiso8601/0": fn0(fromdate),
  "now/0": fn0(() => Date.now() / 1000),
};
