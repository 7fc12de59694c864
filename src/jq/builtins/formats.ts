import { code, type Code } from "../runtime.ts";
import type { JqValue } from "../types.ts";
import { described, fail, toJson, toText } from "../values.ts";

const encoder = new TextEncoder();

function escapeCell(s: string, pairs: [string, string][]): string {
  let out = s;
  for (const [from, to] of pairs) out = out.split(from).join(to);
  return out;
}

function row(input: JqValue, name: "csv" | "tsv"): string {
  if (!Array.isArray(input)) fail(`${described(input)} cannot be ${name}-formatted, only array`);
  return input
    .map((x) => {
      if (x === null) return "";
      if (typeof x === "boolean") return String(x);
      if (typeof x === "number") return Number.isNaN(x) ? "" : toJson(x);
      if (typeof x === "string") {
        return name === "csv"
          ? `"${x.replaceAll('"', '""')}"`
          : escapeCell(x, [["\\", "\\\\"], ["\t", "\\t"], ["\r", "\\r"], ["\n", "\\n"]]);
      }
      return fail(`${described(x)} is not valid in a csv row`);
    })
    .join(name === "csv" ? "," : "\t");
}

function base64(s: string): string {
  let binary = "";
  for (const b of encoder.encode(s)) binary += String.fromCharCode(b);
  return btoa(binary);
}

const B64 = /^[A-Za-z0-9+/]*$/;

function base64d(input: JqValue): string {
  const s = toText(input);
  const end = s.indexOf("=");
  const data = end < 0 ? s : s.slice(0, end);
  if (!B64.test(data)) fail(`${described(s)} is not valid base64 data`);
  if (data.length % 4 === 1) fail(`${described(s)} trailing base64 byte found`);
  const padded = data + "===".slice(0, (4 - (data.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return decodeUtf8(bytes);
}

/** UTF-8 to text as jq decodes it: one U+FFFD per malformed sequence, which swallows what it claimed. */
function decodeUtf8(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const first = bytes[i]!;
    let length = first < 0x80 ? 1 : first < 0xc2 ? 0 : first < 0xe0 ? 2 : first < 0xf0 ? 3 : first < 0xf5 ? 4 : 0;
    let cp = -1;
    if (length === 1) cp = first;
    else if (length === 0) length = 1;
    else if (i + length > bytes.length) length = bytes.length - i;
    else {
      cp = first & (0xff >> (length + 1));
      for (let j = 1; j < length; j++) {
        const b = bytes[i + j]!;
        if ((b & 0xc0) !== 0x80) {
          cp = -1;
          length = j;
          break;
        }
        cp = (cp << 6) | (b & 0x3f);
      }
      const min = [0, 0, 0x80, 0x800, 0x10000][length]!;
      if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) cp = -1;
    }
    out += cp < 0 ? "\ufffd" : String.fromCodePoint(cp);
    i += length;
  }
  return out;
}

const URI_UNRESERVED = /[A-Za-z0-9\-_.~]/;

function uri(s: string): string {
  let out = "";
  for (const b of encoder.encode(s)) {
    const c = String.fromCharCode(b);
    out += b < 128 && URI_UNRESERVED.test(c) ? c : "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

function sh(input: JqValue): string {
  const items = Array.isArray(input) ? input : [input];
  return items
    .map((x) => {
      if (typeof x === "string") return `'${x.replaceAll("'", "'\\''")}'`;
      if (x === null || typeof x !== "object") return toJson(x);
      return fail(`${described(x)} can not be escaped for shell`);
    })
    .join(" ");
}

const FORMATS: Record<string, (input: JqValue) => string> = {
  text: toText,
  json: toJson,
  csv: (input) => row(input, "csv"),
  tsv: (input) => row(input, "tsv"),
  html: (input) => escapeCell(toText(input), [["&", "&amp;"], ["<", "&lt;"], [">", "&gt;"], ["'", "&apos;"], ['"', "&quot;"]]),
  uri: (input) => uri(toText(input)),
  sh,
  base64: (input) => base64(toText(input)),
  base64d,
};

export function applyFormat(name: string, input: JqValue): string {
  const f = FORMATS[name];
  return f ? f(input) : fail(`${name} is not a valid format`);
}

/** `@name` as a filter on `.`; jq reports an unknown format only when it runs. */
export function formatFilter(name: string): Code {
  const f = FORMATS[name] ?? (() => fail(`${name} is not a valid format`));
  return code((input, _env, k) => k(f(input)));
}
