import type { Ast, FuncDef, Pattern } from "./ast.ts";
import { JqSyntaxError, JqUnsupportedError } from "./errors.ts";
import { isKeyword, lex, lineOf, where, type Token } from "./lexer.ts";
import { numberToString } from "./values.ts";

// Binary operators by binding power, as in jq's yacc precedence table.
const BINARY: Record<string, { prec: number; assoc: "left" | "right" | "none" }> = {
  "|": { prec: 1, assoc: "right" },
  ",": { prec: 2, assoc: "left" },
  "//": { prec: 3, assoc: "right" },
  "=": { prec: 4, assoc: "none" },
  "|=": { prec: 4, assoc: "none" },
  "+=": { prec: 4, assoc: "none" },
  "-=": { prec: 4, assoc: "none" },
  "*=": { prec: 4, assoc: "none" },
  "/=": { prec: 4, assoc: "none" },
  "%=": { prec: 4, assoc: "none" },
  "//=": { prec: 4, assoc: "none" },
  or: { prec: 5, assoc: "left" },
  and: { prec: 6, assoc: "left" },
  "==": { prec: 7, assoc: "none" },
  "!=": { prec: 7, assoc: "none" },
  "<": { prec: 7, assoc: "none" },
  "<=": { prec: 7, assoc: "none" },
  ">": { prec: 7, assoc: "none" },
  ">=": { prec: 7, assoc: "none" },
  "+": { prec: 8, assoc: "left" },
  "-": { prec: 8, assoc: "left" },
  "*": { prec: 9, assoc: "left" },
  "/": { prec: 9, assoc: "left" },
  "%": { prec: 9, assoc: "left" },
};

/** A sequence of `def`s, as in a library of builtins. */
export function parseDefs(source: string): FuncDef[] {
  const parser = new Parser(source, lex(source));
  const defs: FuncDef[] = [];
  while (!parser.atEof()) {
    parser.expectDef();
    defs.push(parser.funcDef());
  }
  return defs;
}

export function parse(source: string): Ast {
  return new Parser(source, lex(source)).program();
}

class Parser {
  private i = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  program(): Ast {
    const first = this.peek();
    if (first.k === "ident" && (first.v === "import" || first.v === "include")) throw new JqUnsupportedError("modules (import/include)");
    if (first.k === "eof") return { t: "identity" };
    const ast = this.pipe();
    this.expectEof();
    return ast;
  }

  atEof(): boolean {
    return this.peek().k === "eof";
  }

  expectDef(): void {
    this.expectWord("def");
  }

  private expectEof(): void {
    const token = this.peek();
    if (token.k !== "eof") this.fail(token);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }

  private take(): Token {
    const token = this.peek();
    if (token.k !== "eof") this.i++;
    return token;
  }

  private isOp(v: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.k === "op" && token.v === v;
  }

  private isWord(v: string): boolean {
    const token = this.peek();
    return token.k === "ident" && token.v === v;
  }

  private expectOp(v: string): void {
    if (!this.isOp(v)) this.fail(this.peek());
    this.i++;
  }

  private expectWord(v: string): void {
    if (!this.isWord(v)) this.fail(this.peek());
    this.i++;
  }

  private fail(token: Token): never {
    const text = token.k === "eof" ? "end of file" : this.source.slice(token.pos, token.pos + 10).split(/\s/)[0];
    throw new JqSyntaxError(`syntax error, unexpected ${JSON.stringify(text)} at ${where(this.source, token.pos)}`);
  }

  /** Lowest precedence: a whole pipeline, where `def`, `as` and `label` extend to its end. */
  pipe(): Ast {
    return this.binary(1);
  }

  private binaryOp(): string | undefined {
    const token = this.peek();
    if (token.k === "op" && token.v in BINARY) return token.v;
    if (token.k === "ident" && (token.v === "and" || token.v === "or")) return token.v;
    return undefined;
  }

  private binary(minPrec: number): Ast {
    let left = this.unary();
    for (;;) {
      const op = this.binaryOp();
      if (!op) return left;
      const { prec, assoc } = BINARY[op]!;
      if (prec < minPrec) return left;
      this.i++;
      const right = this.binary(assoc === "left" || assoc === "none" ? prec + 1 : prec);
      left = this.combine(op, left, right);
      if (assoc === "none") {
        const again = this.binaryOp();
        if (again && BINARY[again]!.prec === prec) this.fail(this.peek());
      }
    }
  }

  private combine(op: string, left: Ast, right: Ast): Ast {
    switch (op) {
      case "|": return { t: "pipe", left, right };
      case ",": return { t: "comma", left, right };
      case "//": return { t: "alt", left, right };
      case "and": return { t: "and", left, right };
      case "or": return { t: "or", left, right };
      case "=": case "|=": case "+=": case "-=": case "*=": case "/=": case "%=": case "//=":
        return { t: "assign", op, left, right };
      default: return { t: "binop", op, left, right };
    }
  }

  private unary(): Ast {
    if (this.isOp("-")) {
      // jq's `'-' Exp` takes the precedence of binary minus: `-1 * 2` is `-(1 * 2)`.
      this.i++;
      return { t: "neg", e: this.binary(BINARY["*"]!.prec) };
    }
    return this.postfix();
  }

  /** A term and its suffixes; `allowAs` is false where `as` belongs to an enclosing reduce/foreach. */
  private postfix(allowAs = true): Ast {
    const first = this.peek();
    let term = this.term();
    // Whether the term ends in an access (`.a`, `.[e]`, `.[]`, `.[a:b]`) that a `?` makes optional.
    let access = first.k === "field" || (first.k === "op" && first.v === "." && term.t === "index");
    for (;;) {
      const token = this.peek();
      if (token.k === "field") {
        this.i++;
        term = { t: "index", target: term, key: { t: "literal", v: token.v } };
        access = true;
      } else if (token.k === "op" && token.v === "." && this.peek(1).k === "str") {
        this.i++;
        term = { t: "index", target: term, key: this.stringLiteral(this.take(), "") };
        access = true;
      } else if (token.k === "op" && token.v === "." && this.isOp("[", 1)) {
        this.i++;
      } else if (token.k === "op" && token.v === "[") {
        term = this.bracket(term);
        access = true;
      } else if (token.k === "op" && token.v === "?") {
        this.i++;
        if (access && (term.t === "index" || term.t === "slice" || term.t === "iterate") && !term.opt) term = { ...term, opt: true };
        else term = { t: "try", body: term, handler: null };
        access = false;
      } else if (allowAs && token.k === "ident" && token.v === "as") {
        this.i++;
        const patterns = [this.pattern()];
        while (this.isOp("?//")) {
          this.i++;
          patterns.push(this.pattern());
        }
        this.expectOp("|");
        return { t: "bind", source: term, patterns, body: this.pipe() };
      } else {
        return term;
      }
    }
  }

  private bracket(target: Ast): Ast {
    this.expectOp("[");
    if (this.isOp("]")) {
      this.i++;
      return { t: "iterate", target };
    }
    if (this.isOp(":")) {
      this.i++;
      const to = this.pipe();
      this.expectOp("]");
      return { t: "slice", target, from: null, to };
    }
    const key = this.pipe();
    if (this.isOp(":")) {
      this.i++;
      if (this.isOp("]")) {
        this.i++;
        return { t: "slice", target, from: key, to: null };
      }
      const to = this.pipe();
      this.expectOp("]");
      return { t: "slice", target, from: key, to };
    }
    this.expectOp("]");
    return { t: "index", target, key };
  }

  private stringLiteral(token: Token, format: string): Ast {
    if (token.k !== "str") this.fail(token);
    const parts = token.parts.map((part) => {
      if (typeof part === "string") return part;
      const inner = new Parser(this.source, part);
      const ast = inner.pipe();
      inner.expectEof();
      return ast;
    });
    if (parts.length === 1 && typeof parts[0] === "string" && !format) return { t: "literal", v: parts[0] };
    return { t: "string", parts, format };
  }

  private term(): Ast {
    const token = this.take();
    switch (token.k) {
      case "num":
        // jq prints a literal as written (`1.0`, `1E+3`, `1E+1000`); we print doubles, so only literals written as we print them are ours.
        if (numberToString(token.v) !== token.text) throw new JqUnsupportedError(`number literal ${token.text} (jq keeps its text)`);
        return { t: "literal", v: token.v };
      case "str":
        return this.stringLiteral(token, "");
      case "format":
        if (this.peek().k === "str") return this.stringLiteral(this.take(), token.v);
        return { t: "format", name: token.v };
      case "field":
        return { t: "index", target: { t: "identity" }, key: { t: "literal", v: token.v } };
      case "var":
        if (token.v === "__loc__") return { t: "loc", line: lineOf(this.source, token.pos) };
        return { t: "var", name: token.v };
      case "op":
        return this.opTerm(token);
      case "ident":
        return this.wordTerm(token);
      default:
        return this.fail(token);
    }
  }

  private opTerm(token: Token & { k: "op" }): Ast {
    switch (token.v) {
      case ".":
        if (this.peek().k === "str") return { t: "index", target: { t: "identity" }, key: this.stringLiteral(this.take(), "") };
        return { t: "identity" };
      case "..":
        return { t: "recurse" };
      case "(": {
        const e = this.pipe();
        this.expectOp(")");
        return e;
      }
      case "[": {
        if (this.isOp("]")) {
          this.i++;
          return { t: "array", e: null };
        }
        const e = this.pipe();
        this.expectOp("]");
        return { t: "array", e };
      }
      case "{":
        return this.object();
      default:
        return this.fail(token);
    }
  }

  private wordTerm(token: Token & { k: "ident" }): Ast {
    switch (token.v) {
      case "if": return this.ifTerm();
      case "try": {
        const body = this.postTerm();
        if (this.isWord("catch")) {
          this.i++;
          return { t: "try", body, handler: this.postTerm() };
        }
        return { t: "try", body, handler: null };
      }
      case "reduce": {
        const source = this.postfix(false);
        this.expectWord("as");
        const pattern = this.pattern();
        this.expectOp("(");
        const init = this.pipe();
        this.expectOp(";");
        const update = this.pipe();
        this.expectOp(")");
        return { t: "reduce", source, pattern, init, update };
      }
      case "foreach": {
        const source = this.postfix(false);
        this.expectWord("as");
        const pattern = this.pattern();
        this.expectOp("(");
        const init = this.pipe();
        this.expectOp(";");
        const update = this.pipe();
        let extract: Ast | null = null;
        if (this.isOp(";")) {
          this.i++;
          extract = this.pipe();
        }
        this.expectOp(")");
        return { t: "foreach", source, pattern, init, update, extract };
      }
      case "def": {
        const def = this.funcDef();
        return { t: "def", def, body: this.pipe() };
      }
      case "label": {
        const name = this.take();
        if (name.k !== "var") this.fail(name);
        this.expectOp("|");
        return { t: "label", name: name.v, body: this.pipe() };
      }
      case "import": case "include":
        throw new JqUnsupportedError("modules (import/include)");
      default:
        break;
    }
    if (token.v === "break") {
      const name = this.take();
      if (name.k !== "var") this.fail(name);
      return { t: "break", name: name.v };
    }
    if (isKeyword(token.v)) this.fail(token);
    if (!this.isOp("(")) {
      if (token.v === "null") return { t: "literal", v: null };
      if (token.v === "true") return { t: "literal", v: true };
      if (token.v === "false") return { t: "literal", v: false };
    }
    const args: Ast[] = [];
    if (this.isOp("(")) {
      this.i++;
      args.push(this.pipe());
      while (this.isOp(";")) {
        this.i++;
        args.push(this.pipe());
      }
      this.expectOp(")");
    }
    return { t: "call", name: token.v, args };
  }

  /** What `try`/`catch` take: a postfix term (jq gives `try` a higher precedence than any operator). */
  private postTerm(): Ast {
    if (this.isOp("-")) {
      this.i++;
      return { t: "neg", e: this.postTerm() };
    }
    return this.postfix();
  }

  private ifTerm(): Ast {
    const cond = this.pipe();
    this.expectWord("then");
    const then = this.pipe();
    if (this.isWord("elif")) {
      this.i++;
      return { t: "if", cond, then, else: this.ifTerm() };
    }
    let otherwise: Ast | null = null;
    if (this.isWord("else")) {
      this.i++;
      otherwise = this.pipe();
    }
    this.expectWord("end");
    return { t: "if", cond, then, else: otherwise };
  }

  funcDef(): FuncDef {
    const name = this.take();
    if (name.k !== "ident" || isKeyword(name.v)) this.fail(name);
    const params: string[] = [];
    if (this.isOp("(")) {
      this.i++;
      for (;;) {
        const p = this.take();
        if (p.k === "ident" && !isKeyword(p.v)) params.push(p.v);
        else if (p.k === "var") params.push("$" + p.v);
        else this.fail(p);
        if (this.isOp(";")) {
          this.i++;
          continue;
        }
        this.expectOp(")");
        break;
      }
    }
    this.expectOp(":");
    const body = this.pipe();
    this.expectOp(";");
    return { name: name.v, params, body };
  }

  private object(): Ast {
    const entries: { key: Ast; value: Ast }[] = [];
    if (this.isOp("}")) {
      this.i++;
      return { t: "object", entries };
    }
    for (;;) {
      const token = this.take();
      let key: Ast;
      let value: Ast | null = null;
      if (token.k === "var") {
        if (token.v === "__loc__") {
          key = { t: "literal", v: "__loc__" };
          value = { t: "loc", line: lineOf(this.source, token.pos) };
        } else {
          key = { t: "literal", v: token.v };
          value = { t: "var", name: token.v };
        }
      } else if (token.k === "ident") {
        key = { t: "literal", v: token.v };
      } else if (token.k === "num") {
        this.fail(token);
      } else if (token.k === "str") {
        key = this.stringLiteral(token, "");
      } else if (token.k === "format" && this.peek().k === "str") {
        key = this.stringLiteral(this.take(), token.v);
      } else if (token.k === "op" && token.v === "(") {
        key = this.pipe();
        this.expectOp(")");
        if (!this.isOp(":")) this.fail(this.peek());
      } else {
        this.fail(token);
      }
      if (this.isOp(":")) {
        if (value) this.fail(this.peek());
        this.i++;
        value = this.objectValue();
      }
      entries.push({ key, value: value ?? { t: "index", target: { t: "identity" }, key } });
      if (this.isOp(",")) {
        this.i++;
        if (this.isOp("}")) {
          this.i++;
          break;
        }
        continue;
      }
      this.expectOp("}");
      break;
    }
    return { t: "object", entries };
  }

  /** An object value: terms joined by `|` (jq's ExpD), no commas. */
  private objectValue(): Ast {
    let left = this.unary();
    while (this.isOp("|")) {
      this.i++;
      left = { t: "pipe", left, right: this.unary() };
    }
    return left;
  }

  private pattern(): Pattern {
    const token = this.take();
    if (token.k === "var") return { t: "var", name: token.v };
    if (token.k === "op" && token.v === "[") {
      const items: Pattern[] = [];
      for (;;) {
        items.push(this.pattern());
        if (this.isOp(",")) {
          this.i++;
          continue;
        }
        this.expectOp("]");
        return { t: "array", items };
      }
    }
    if (token.k === "op" && token.v === "{") {
      const entries: { key: Ast; bind?: string; value?: Pattern }[] = [];
      for (;;) {
        const k = this.take();
        if (k.k === "var") {
          const entry: { key: Ast; bind?: string; value?: Pattern } = { key: { t: "literal", v: k.v }, bind: k.v };
          if (this.isOp(":")) {
            this.i++;
            entry.value = this.pattern();
          }
          entries.push(entry);
        } else {
          let key: Ast;
          if (k.k === "ident") key = { t: "literal", v: k.v };
          else if (k.k === "str") key = this.stringLiteral(k, "");
          else if (k.k === "op" && k.v === "(") {
            key = this.pipe();
            this.expectOp(")");
          } else this.fail(k);
          this.expectOp(":");
          entries.push({ key, value: this.pattern() });
        }
        if (this.isOp(",")) {
          this.i++;
          continue;
        }
        this.expectOp("}");
        return { t: "object", entries };
      }
    }
    return this.fail(token);
  }
}
