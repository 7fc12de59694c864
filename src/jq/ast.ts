import type { JqValue } from "./types.ts";

export type Pattern =
  | { t: "var"; name: string }
  | { t: "array"; items: Pattern[] }
  | { t: "object"; entries: { key: Ast; bind?: string; value?: Pattern }[] };

export interface FuncDef {
  name: string;
  params: string[]; // "$x" for value params
  body: Ast;
}

export type Ast =
  | { t: "identity" }
  | { t: "recurse" }
  | { t: "literal"; v: JqValue }
  | { t: "string"; parts: (string | Ast)[]; format: string }
  | { t: "format"; name: string }
  // `opt`: a `?` right after the access suppresses only that access's error (jq's INDEX_OPT/EACH_OPT).
  | { t: "index"; target: Ast; key: Ast; opt?: boolean }
  | { t: "slice"; target: Ast; from: Ast | null; to: Ast | null; opt?: boolean }
  | { t: "iterate"; target: Ast; opt?: boolean }
  | { t: "try"; body: Ast; handler: Ast | null }
  | { t: "pipe"; left: Ast; right: Ast }
  | { t: "comma"; left: Ast; right: Ast }
  | { t: "neg"; e: Ast }
  | { t: "binop"; op: string; left: Ast; right: Ast }
  | { t: "and"; left: Ast; right: Ast }
  | { t: "or"; left: Ast; right: Ast }
  | { t: "alt"; left: Ast; right: Ast }
  | { t: "assign"; op: string; left: Ast; right: Ast }
  | { t: "if"; cond: Ast; then: Ast; else: Ast | null }
  | { t: "array"; e: Ast | null }
  | { t: "object"; entries: { key: Ast; value: Ast }[] }
  | { t: "reduce"; source: Ast; pattern: Pattern; init: Ast; update: Ast }
  | { t: "foreach"; source: Ast; pattern: Pattern; init: Ast; update: Ast; extract: Ast | null }
  | { t: "bind"; source: Ast; patterns: Pattern[]; body: Ast }
  | { t: "def"; def: FuncDef; body: Ast }
  | { t: "call"; name: string; args: Ast[] }
  | { t: "var"; name: string }
  | { t: "label"; name: string; body: Ast }
  | { t: "break"; name: string }
  | { t: "loc"; line: number };
