import { JqSyntaxError } from "./errors.ts";

export type Token =
  | { k: "num"; v: number; text: string; pos: number }
  | { k: "str"; parts: (string | Token[])[]; pos: number }
  | { k: "ident"; v: string; pos: number }
  | { k: "field"; v: string; pos: number }
  | { k: "var"; v: string; pos: number }
  | { k: "format"; v: string; pos: number }
  | { k: "op"; v: string; pos: number }
  | { k: "eof"; pos: number };

const KEYWORDS = new Set([
  "def", "if", "then", "elif", "else", "end", "as", "reduce", "foreach", "try", "catch",
  "label", "import", "include", "and", "or", "__loc__",
]);

export const isKeyword = (word: string) => KEYWORDS.has(word);

// Longest first, so `?//` wins over `?` and `//=` over `//`.
const OPERATORS = [
  "?//", "|=", "+=", "-=", "*=", "/=", "%=", "//=", "==", "!=", "<=", ">=", "//", "..",
  "|", ",", "+", "-", "*", "/", "%", "=", "<", ">", ".", "[", "]", "(", ")", "{", "}", ":", ";", "?",
];

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z_0-9]/;

export const lineOf = (source: string, pos: number) => source.slice(0, pos).split("\n").length;

/** Where `pos` is in `source`, as jq would say it. */
export function where(source: string, pos: number): string {
  const before = source.slice(0, pos);
  const line = before.split("\n").length;
  return `line ${line}, column ${pos - before.lastIndexOf("\n")}`;
}

/** Splits jq source into tokens; string interpolations are lexed recursively into nested token lists. */
export function lex(source: string): Token[] {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new JqSyntaxError(`${message} at ${where(source, at)}`);
  };

  const readIdent = (): string => {
    const start = i;
    while (i < source.length && (IDENT_PART.test(source[i]!) || (source[i] === ":" && source[i + 1] === ":" && IDENT_START.test(source[i + 2] ?? "")))) {
      i += source[i] === ":" ? 2 : 1;
    }
    return source.slice(start, i);
  };

  const readString = (): Token => {
    const start = i;
    i++; // opening quote
    const parts: (string | Token[])[] = [];
    let text = "";
    for (;;) {
      if (i >= source.length) fail("unterminated string", start);
      const c = source[i]!;
      if (c === '"') {
        i++;
        break;
      }
      if (c !== "\\") {
        text += c;
        i++;
        continue;
      }
      const e = source[i + 1];
      i += 2;
      switch (e) {
        case '"': text += '"'; break;
        case "\\": text += "\\"; break;
        case "/": text += "/"; break;
        case "b": text += "\b"; break;
        case "f": text += "\f"; break;
        case "n": text += "\n"; break;
        case "r": text += "\r"; break;
        case "t": text += "\t"; break;
        case "u": {
          const hex = source.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("invalid \\u escape", i - 2);
          text += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        case "(": {
          if (text) parts.push(text);
          text = "";
          const inner: Token[] = [];
          let depth = 1;
          for (;;) {
            const token = next();
            if (token.k === "eof") fail("unterminated string interpolation", start);
            if (token.k === "op" && token.v === "(") depth++;
            if (token.k === "op" && token.v === ")" && --depth === 0) break;
            inner.push(token);
          }
          inner.push({ k: "eof", pos: i });
          parts.push(inner);
          break;
        }
        default:
          fail("invalid escape", i - 2);
      }
    }
    if (text || parts.length === 0) parts.push(text);
    // Lone surrogates from \u escapes pair up here exactly as jq's UTF-16 decoding does.
    return { k: "str", parts, pos: start };
  };

  const next = (): Token => {
    for (;;) {
      while (i < source.length && /\s/.test(source[i]!)) i++;
      if (source[i] === "#") {
        while (i < source.length && source[i] !== "\n") i++;
        continue;
      }
      break;
    }
    if (i >= source.length) return { k: "eof", pos: i };
    const start = i;
    const c = source[i]!;
    if (c === '"') return readString();
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      const m = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(source.slice(i))!;
      i += m[0].length;
      return { k: "num", v: Number(m[0]), text: m[0], pos: start };
    }
    if (IDENT_START.test(c)) return { k: "ident", v: readIdent(), pos: start };
    if (c === "$") {
      i++;
      if (source.startsWith("__loc__", i)) {
        i += 7;
        return { k: "var", v: "__loc__", pos: start };
      }
      if (!IDENT_START.test(source[i] ?? "")) fail("syntax error, unexpected '$'", start);
      return { k: "var", v: readIdent(), pos: start };
    }
    if (c === "@") {
      i++;
      const name = readIdent();
      if (!name) fail("syntax error, unexpected '@'", start);
      return { k: "format", v: name, pos: start };
    }
    if (c === "." && IDENT_START.test(source[i + 1] ?? "")) {
      i++;
      const name = readIdent();
      return { k: "field", v: name, pos: start };
    }
    for (const op of OPERATORS) {
      if (source.startsWith(op, i)) {
        i += op.length;
        return { k: "op", v: op, pos: start };
      }
    }
    return fail(`syntax error, unexpected INVALID_CHARACTER`, start);
  };

  const tokens: Token[] = [];
  for (;;) {
    const token = next();
    tokens.push(token);
    if (token.k === "eof") return tokens;
  }
}
