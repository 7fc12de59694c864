// ../../tmp/i13prof/node/map.ts
import { readFileSync } from "node:fs";

// src/mapping/errors.ts
var MappingConfigError = class extends Error {
  constructor(source, problems) {
    super(`${source}: ${problems.map(describeProblem).join("; ")}`);
    this.source = source;
    this.problems = problems;
  }
  name = "MappingConfigError";
};
function describeProblem(problem) {
  const where2 = [
    problem.resourceIndex === void 0 ? void 0 : `resources[${problem.resourceIndex}]`,
    problem.field
  ].filter((part) => part !== void 0 && part !== "").join(".");
  return where2 === "" ? problem.message : `${where2}: ${problem.message}`;
}

// src/jq/errors.ts
var JqRuntimeError = class extends Error {
  name = "JqRuntimeError";
  value;
  constructor(message, value = message) {
    const limit2 = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit2;
    this.value = value;
  }
};
var JqSyntaxError = class extends Error {
  name = "JqSyntaxError";
};
var JqUnsupportedError = class extends Error {
  constructor(feature) {
    super(`not compiled natively: ${feature}`);
    this.feature = feature;
  }
  name = "JqUnsupportedError";
};

// src/jq/values.ts
function typeOf(v) {
  if (v === null) return "null";
  const t = typeof v;
  if (t === "object") return Array.isArray(v) ? "array" : "object";
  return t;
}
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var isTruthy = (v) => v !== null && v !== false;
var ORDER = { null: 0, boolean: 1, number: 3, string: 4, array: 5, object: 6 };
var rank = (v) => v === true ? 2 : ORDER[typeOf(v)];
function compareStrings(a, b) {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 55296 && x <= 57343;
      const ys = y >= 55296 && y <= 57343;
      if (xs !== ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
function compare(a, b) {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 3: {
      const x = a;
      const y = b;
      if (Number.isNaN(x)) return -1;
      if (Number.isNaN(y)) return 1;
      return x < y ? -1 : x === y ? 0 : 1;
    }
    case 4:
      return compareStrings(a, b);
    case 5: {
      const x = a;
      const y = b;
      for (let i = 0; ; i++) {
        if (i >= x.length) return i >= y.length ? 0 : -1;
        if (i >= y.length) return 1;
        const c = compare(x[i], y[i]);
        if (c !== 0) return c;
      }
    }
    case 6: {
      const x = a;
      const y = b;
      const kx = sortedKeys(x);
      const ky = sortedKeys(y);
      const c = compare(kx, ky);
      if (c !== 0) return c;
      for (const k of kx) {
        const d = compare(x[k], y[k]);
        if (d !== 0) return d;
      }
      return 0;
    }
    default:
      return 0;
  }
}
var equals = (a, b) => a === b && a === a || compare(a, b) === 0;
function sortedKeys(o) {
  return Object.keys(o).sort(compareStrings);
}
var DBL_MAX = "1.7976931348623157e+308";
var computed = /* @__PURE__ */ new Set();
function compute(n) {
  if (n !== 0 && (Math.abs(n) < 1e-4 || Math.abs(n) >= 1e16) && Number.isFinite(n)) computed.add(n);
  return n;
}
function forgetComputed() {
  if (computed.size) computed.clear();
}
function dtoa(n) {
  const [mantissa, exp] = Math.abs(n).toExponential().split("e");
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
function numberToString(n) {
  if (Number.isNaN(n)) return "null";
  if (n === Infinity) return DBL_MAX;
  if (n === -Infinity) return "-" + DBL_MAX;
  if (Object.is(n, -0)) return "-0";
  if (computed.size && computed.has(n)) return dtoa(n);
  return String(n).replace("e", "E");
}
function quote(s) {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc;
    if (c < 32 || c === 34 || c === 92 || c === 127) {
      switch (c) {
        case 34:
          esc = '\\"';
          break;
        case 92:
          esc = "\\\\";
          break;
        case 10:
          esc = "\\n";
          break;
        case 9:
          esc = "\\t";
          break;
        case 13:
          esc = "\\r";
          break;
        case 8:
          esc = "\\b";
          break;
        case 12:
          esc = "\\f";
          break;
        default:
          esc = "\\u" + c.toString(16).padStart(4, "0");
      }
    } else if (c >= 55296 && c <= 57343) {
      const lead = c <= 56319;
      const next = s.charCodeAt(i + 1);
      if (lead && next >= 56320 && next <= 57343) {
        i++;
        continue;
      }
      esc = "\uFFFD";
    }
    if (esc !== void 0) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}
function toJson(v) {
  switch (typeof v) {
    case "string":
      return quote(v);
    case "number":
      return numberToString(v);
    case "boolean":
      return v ? "true" : "false";
    default:
      if (v === null) return "null";
      if (Array.isArray(v)) {
        let out = "[";
        for (let i = 0; i < v.length; i++) out += (i ? "," : "") + toJson(v[i]);
        return out + "]";
      }
      {
        let out = "{";
        let first = true;
        for (const k in v) {
          out += (first ? "" : ",") + quote(k) + ":" + toJson(v[k]);
          first = false;
        }
        return out + "}";
      }
  }
}
var toText = (v) => typeof v === "string" ? v : toJson(v);
var encoder = new TextEncoder();
var decoder = new TextDecoder();
function errorText(v, size = 15) {
  const text = toJson(v);
  const bytes = encoder.encode(text);
  if (bytes.length < size) return text;
  return decoder.decode(bytes.subarray(0, size - 4)) + "...";
}
function fail(message) {
  throw new JqRuntimeError(message);
}
var described = (v) => `${typeOf(v)} (${errorText(v)})`;
function setKey(o, k, v) {
  if (k === "__proto__") Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
  return o;
}

// src/jq/arith.ts
var failure = (a, b, what) => fail(`${described(a)} and ${described(b)} ${what}`);
function add(a, b) {
  if (a === null) return b;
  if (b === null) return a;
  if (typeof a === "number" && typeof b === "number") return compute(a + b);
  if (typeof a === "string" && typeof b === "string") return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
  if (isObject(a) && isObject(b)) return { ...a, ...b };
  return failure(a, b, "cannot be added");
}
function subtract(a, b) {
  if (typeof a === "number" && typeof b === "number") return compute(a - b);
  if (Array.isArray(a) && Array.isArray(b)) return a.filter((x) => !b.some((y) => equals(x, y)));
  return failure(a, b, "cannot be subtracted");
}
function deepMerge(a, b) {
  const out = { ...a };
  for (const k in b) {
    const x = out[k];
    const y = b[k];
    setKey(out, k, x !== void 0 && Object.hasOwn(out, k) && isObject(x) && isObject(y) ? deepMerge(x, y) : y);
  }
  return out;
}
function multiply(a, b) {
  if (typeof a === "number" && typeof b === "number") return compute(a * b);
  if (typeof a === "string" && typeof b === "number" || typeof a === "number" && typeof b === "string") {
    const str = typeof a === "string" ? a : b;
    const d = typeof a === "number" ? a : b;
    if (d < 0 || Number.isNaN(d)) return null;
    return str.repeat(Math.trunc(Math.min(d, 2147483647)));
  }
  if (isObject(a) && isObject(b)) return deepMerge(a, b);
  return failure(a, b, "cannot be multiplied");
}
function divide(a, b) {
  if (typeof a === "number" && typeof b === "number") {
    if (b === 0) failure(a, b, "cannot be divided because the divisor is zero");
    return compute(a / b);
  }
  if (typeof a === "string" && typeof b === "string") return splitString(a, b);
  return failure(a, b, "cannot be divided");
}
var toIntmax = (n) => n <= -9223372036854776e3 ? -9223372036854775808n : n >= 9223372036854776e3 ? 9223372036854775807n : BigInt(Math.trunc(n));
function modulo(a, b) {
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
    if (Math.abs(a) < 2 ** 53 && Math.abs(b) < 2 ** 53) {
      const bi2 = Math.trunc(b);
      if (bi2 === 0) failure(a, b, "cannot be divided (remainder) because the divisor is zero");
      const r = Math.trunc(a) % bi2;
      return r === 0 ? 0 : r;
    }
    const bi = toIntmax(b);
    if (bi === 0n) failure(a, b, "cannot be divided (remainder) because the divisor is zero");
    return bi === -1n ? 0 : Number(toIntmax(a) % bi);
  }
  return failure(a, b, "cannot be divided (remainder)");
}
function splitString(s, sep) {
  if (s === "") return [];
  return sep === "" ? Array.from(s) : s.split(sep);
}
function negate(a) {
  if (typeof a !== "number") fail(`${described(a)} cannot be negated`);
  return compute(-a);
}
var BINARY_OPS = {
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
  ">=": (a, b) => compare(a, b) >= 0
};

// src/jq/paths.ts
function sliceBounds(length2, from, to) {
  if (from === void 0 || to === void 0) fail("Array/string slice indices must be integers");
  if (from === null) from = 0;
  if (to === null) to = length2;
  if (typeof from !== "number" || typeof to !== "number") fail("Array/string slice indices must be integers");
  let s = Number.isNaN(from) ? 0 : from;
  if (s < 0) s += length2;
  if (s < 0) s = 0;
  if (s > length2) s = length2;
  s = Math.floor(s);
  let e = Number.isNaN(to) ? length2 : to;
  if (e < 0) e += length2;
  if (e < 0) e = s;
  let end = Math.trunc(Math.min(e, 2147483647));
  if (end > length2) end = length2;
  if (end < length2 && end < e) end += 1;
  if (end < s) end = s;
  return [s, end];
}
function sliceString(s, from, to) {
  const ascii2 = !/[\ud800-\udfff]/.test(s);
  if (ascii2) {
    const [a2, b2] = sliceBounds(s.length, from, to);
    return s.slice(a2, b2);
  }
  const cps = Array.from(s);
  const [a, b] = sliceBounds(cps.length, from, to);
  return cps.slice(a, b).join("");
}
function slice(t, from, to) {
  if (t === null) return null;
  if (typeof t === "string") return sliceString(t, from, to);
  if (Array.isArray(t)) {
    const [a, b] = sliceBounds(t.length, from, to);
    return t.slice(a, b);
  }
  return fail(`Cannot index ${typeOf(t)} with object`);
}
var bound = (k, name) => Object.hasOwn(k, name) ? k[name] : void 0;
function indexFailure(t, k) {
  if (typeof k === "string" && new TextEncoder().encode(k).length < 30) fail(`Cannot index ${typeOf(t)} with string "${k}"`);
  return fail(`Cannot index ${typeOf(t)} with ${typeOf(k)}`);
}
function index(t, k) {
  if (typeof k === "string") {
    if (isObject(t)) return Object.hasOwn(t, k) ? t[k] : null;
    if (t === null) return null;
    return indexFailure(t, k);
  }
  if (typeof k === "number") {
    if (Array.isArray(t)) {
      if (Number.isNaN(k)) return null;
      let i = Math.trunc(Math.max(-2147483648, Math.min(2147483647, k)));
      if (i < 0) i += t.length;
      return i >= 0 && i < t.length ? t[i] : null;
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
function indexesOf(t, k) {
  if (k.length === 0) return null;
  const out = [];
  for (let i = 0; i + k.length <= t.length; i++) {
    let all = true;
    for (let j = 0; j < k.length; j++) if (!equals(t[i + j], k[j])) {
      all = false;
      break;
    }
    if (all) out.push(i);
  }
  return out;
}
function set(t, k, v) {
  if (typeof k === "string" && (t === null || isObject(t))) {
    return { ...t ?? {}, [k]: v };
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
function getpath(t, path) {
  if (!Array.isArray(path)) fail("Path must be specified as an array");
  for (const k of path) {
    if (t === null) return null;
    t = index(t, k);
  }
  return t;
}
function setpath(t, path, v, from = 0) {
  if (!Array.isArray(path)) fail("Path must be specified as an array");
  if (from >= path.length) return v;
  const k = path[from];
  return set(t, k, setpath(index(t, k), path, v, from + 1));
}
function dels(t, keys2) {
  if (t === null || keys2.length === 0) return t;
  if (Array.isArray(t)) {
    const drop = /* @__PURE__ */ new Set();
    for (const key of keys2) {
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
    for (const key of keys2) {
      if (typeof key !== "string") fail(`Cannot delete ${typeOf(key)} field of object`);
      delete out[key];
    }
    return out;
  }
  return fail(`Cannot delete fields from ${typeOf(t)}`);
}
function delpathsSorted(t, paths, start) {
  const delkeys = [];
  for (let i = 0; i < paths.length; ) {
    const key = paths[i][start];
    const whole = paths[i].length === start + 1;
    let j = i;
    while (j < paths.length && equals(key, paths[j][start])) j++;
    if (whole) delkeys.push(key);
    else {
      const sub = index(t, key);
      if (sub !== null) t = set(t, key, delpathsSorted(sub, paths.slice(i, j), start + 1));
    }
    i = j;
  }
  return dels(t, delkeys);
}
function delpaths(t, paths) {
  if (!Array.isArray(paths)) fail("Paths must be specified as an array");
  const sorted = paths.slice().sort(compare);
  for (const p of sorted) if (!Array.isArray(p)) fail(`Path must be specified as array, not ${typeOf(p)}`);
  if (sorted.length === 0) return t;
  if (sorted[0].length === 0) return null;
  return delpathsSorted(t, sorted, 0);
}

// src/jq/runtime.ts
var frame = (env, v) => ({ v, up: env });
function lookup(env, depth) {
  let e = env;
  for (let i = 0; i < depth; i++) e = e.up;
  return e.v;
}
var BreakSignal = class {
  constructor(token) {
    this.token = token;
  }
};
var Passthrough = class {
  constructor(error) {
    this.error = error;
  }
};
function notAPath(v) {
  return fail(`Invalid path expression with result ${errorText(v, 30)}`);
}
var valuesOnly = (gen) => (input, _path, env, k) => gen(input, env, (v) => k(v, null));
function code(v, p) {
  return { v, p: p ?? valuesOnly(v) };
}
var single = (c, one) => one ? { ...c, one } : c;

// src/jq/lexer.ts
var KEYWORDS = /* @__PURE__ */ new Set([
  "def",
  "if",
  "then",
  "elif",
  "else",
  "end",
  "as",
  "reduce",
  "foreach",
  "try",
  "catch",
  "label",
  "import",
  "include",
  "and",
  "or",
  "__loc__"
]);
var isKeyword = (word) => KEYWORDS.has(word);
var OPERATORS = [
  "?//",
  "|=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "//=",
  "==",
  "!=",
  "<=",
  ">=",
  "//",
  "..",
  "|",
  ",",
  "+",
  "-",
  "*",
  "/",
  "%",
  "=",
  "<",
  ">",
  ".",
  "[",
  "]",
  "(",
  ")",
  "{",
  "}",
  ":",
  ";",
  "?"
];
var IDENT_START = /[A-Za-z_]/;
var IDENT_PART = /[A-Za-z_0-9]/;
var lineOf = (source, pos) => source.slice(0, pos).split("\n").length;
function where(source, pos) {
  const before = source.slice(0, pos);
  const line = before.split("\n").length;
  return `line ${line}, column ${pos - before.lastIndexOf("\n")}`;
}
function lex(source) {
  let i = 0;
  const fail2 = (message, at = i) => {
    throw new JqSyntaxError(`${message} at ${where(source, at)}`);
  };
  const readIdent = () => {
    const start = i;
    while (i < source.length && (IDENT_PART.test(source[i]) || source[i] === ":" && source[i + 1] === ":" && IDENT_START.test(source[i + 2] ?? ""))) {
      i += source[i] === ":" ? 2 : 1;
    }
    return source.slice(start, i);
  };
  const readString = () => {
    const start = i;
    i++;
    const parts = [];
    let text = "";
    for (; ; ) {
      if (i >= source.length) fail2("unterminated string", start);
      const c = source[i];
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
        case '"':
          text += '"';
          break;
        case "\\":
          text += "\\";
          break;
        case "/":
          text += "/";
          break;
        case "b":
          text += "\b";
          break;
        case "f":
          text += "\f";
          break;
        case "n":
          text += "\n";
          break;
        case "r":
          text += "\r";
          break;
        case "t":
          text += "	";
          break;
        case "u": {
          const hex = source.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail2("invalid \\u escape", i - 2);
          text += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        case "(": {
          if (text) parts.push(text);
          text = "";
          const inner = [];
          let depth = 1;
          for (; ; ) {
            const token = next();
            if (token.k === "eof") fail2("unterminated string interpolation", start);
            if (token.k === "op" && token.v === "(") depth++;
            if (token.k === "op" && token.v === ")" && --depth === 0) break;
            inner.push(token);
          }
          inner.push({ k: "eof", pos: i });
          parts.push(inner);
          break;
        }
        default:
          fail2("invalid escape", i - 2);
      }
    }
    if (text || parts.length === 0) parts.push(text);
    return { k: "str", parts, pos: start };
  };
  const next = () => {
    for (; ; ) {
      while (i < source.length && /\s/.test(source[i])) i++;
      if (source[i] === "#") {
        while (i < source.length && source[i] !== "\n") i++;
        continue;
      }
      break;
    }
    if (i >= source.length) return { k: "eof", pos: i };
    const start = i;
    const c = source[i];
    if (c === '"') return readString();
    if (/[0-9]/.test(c) || c === "." && /[0-9]/.test(source[i + 1] ?? "")) {
      const m = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(source.slice(i));
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
      if (!IDENT_START.test(source[i] ?? "")) fail2("syntax error, unexpected '$'", start);
      return { k: "var", v: readIdent(), pos: start };
    }
    if (c === "@") {
      i++;
      const name = readIdent();
      if (!name) fail2("syntax error, unexpected '@'", start);
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
    return fail2(`syntax error, unexpected INVALID_CHARACTER`, start);
  };
  const tokens = [];
  for (; ; ) {
    const token = next();
    tokens.push(token);
    if (token.k === "eof") return tokens;
  }
}

// src/jq/parser.ts
var BINARY = {
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
  "%": { prec: 9, assoc: "left" }
};
function parseDefs(source) {
  const parser = new Parser(source, lex(source));
  const defs2 = [];
  while (!parser.atEof()) {
    parser.expectDef();
    defs2.push(parser.funcDef());
  }
  return defs2;
}
function parse(source) {
  return new Parser(source, lex(source)).program();
}
var Parser = class _Parser {
  constructor(source, tokens) {
    this.source = source;
    this.tokens = tokens;
  }
  i = 0;
  program() {
    const first = this.peek();
    if (first.k === "ident" && (first.v === "import" || first.v === "include")) throw new JqUnsupportedError("modules (import/include)");
    if (first.k === "eof") return { t: "identity" };
    const ast = this.pipe();
    this.expectEof();
    return ast;
  }
  atEof() {
    return this.peek().k === "eof";
  }
  expectDef() {
    this.expectWord("def");
  }
  expectEof() {
    const token = this.peek();
    if (token.k !== "eof") this.fail(token);
  }
  peek(offset = 0) {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }
  take() {
    const token = this.peek();
    if (token.k !== "eof") this.i++;
    return token;
  }
  isOp(v, offset = 0) {
    const token = this.peek(offset);
    return token.k === "op" && token.v === v;
  }
  isWord(v) {
    const token = this.peek();
    return token.k === "ident" && token.v === v;
  }
  expectOp(v) {
    if (!this.isOp(v)) this.fail(this.peek());
    this.i++;
  }
  expectWord(v) {
    if (!this.isWord(v)) this.fail(this.peek());
    this.i++;
  }
  fail(token) {
    const text = token.k === "eof" ? "end of file" : this.source.slice(token.pos, token.pos + 10).split(/\s/)[0];
    throw new JqSyntaxError(`syntax error, unexpected ${JSON.stringify(text)} at ${where(this.source, token.pos)}`);
  }
  /** Lowest precedence: a whole pipeline, where `def`, `as` and `label` extend to its end. */
  pipe() {
    return this.binary(1);
  }
  binaryOp() {
    const token = this.peek();
    if (token.k === "op" && token.v in BINARY) return token.v;
    if (token.k === "ident" && (token.v === "and" || token.v === "or")) return token.v;
    return void 0;
  }
  binary(minPrec) {
    let left = this.unary();
    for (; ; ) {
      const op = this.binaryOp();
      if (!op) return left;
      const { prec, assoc } = BINARY[op];
      if (prec < minPrec) return left;
      this.i++;
      const right = this.binary(assoc === "left" || assoc === "none" ? prec + 1 : prec);
      left = this.combine(op, left, right);
      if (assoc === "none") {
        const again = this.binaryOp();
        if (again && BINARY[again].prec === prec) this.fail(this.peek());
      }
    }
  }
  combine(op, left, right) {
    switch (op) {
      case "|":
        return { t: "pipe", left, right };
      case ",":
        return { t: "comma", left, right };
      case "//":
        return { t: "alt", left, right };
      case "and":
        return { t: "and", left, right };
      case "or":
        return { t: "or", left, right };
      case "=":
      case "|=":
      case "+=":
      case "-=":
      case "*=":
      case "/=":
      case "%=":
      case "//=":
        return { t: "assign", op, left, right };
      default:
        return { t: "binop", op, left, right };
    }
  }
  unary() {
    if (this.isOp("-")) {
      this.i++;
      return { t: "neg", e: this.binary(BINARY["*"].prec) };
    }
    return this.postfix();
  }
  /** A term and its suffixes; `allowAs` is false where `as` belongs to an enclosing reduce/foreach. */
  postfix(allowAs = true) {
    const first = this.peek();
    let term = this.term();
    let access = first.k === "field" || first.k === "op" && first.v === "." && term.t === "index";
    for (; ; ) {
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
  bracket(target) {
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
  stringLiteral(token, format) {
    if (token.k !== "str") this.fail(token);
    const parts = token.parts.map((part) => {
      if (typeof part === "string") return part;
      const inner = new _Parser(this.source, part);
      const ast = inner.pipe();
      inner.expectEof();
      return ast;
    });
    if (parts.length === 1 && typeof parts[0] === "string" && !format) return { t: "literal", v: parts[0] };
    return { t: "string", parts, format };
  }
  term() {
    const token = this.take();
    switch (token.k) {
      case "num":
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
  opTerm(token) {
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
  wordTerm(token) {
    switch (token.v) {
      case "if":
        return this.ifTerm();
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
        let extract = null;
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
      case "import":
      case "include":
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
    const args = [];
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
  postTerm() {
    if (this.isOp("-")) {
      this.i++;
      return { t: "neg", e: this.postTerm() };
    }
    return this.postfix();
  }
  ifTerm() {
    const cond = this.pipe();
    this.expectWord("then");
    const then = this.pipe();
    if (this.isWord("elif")) {
      this.i++;
      return { t: "if", cond, then, else: this.ifTerm() };
    }
    let otherwise = null;
    if (this.isWord("else")) {
      this.i++;
      otherwise = this.pipe();
    }
    this.expectWord("end");
    return { t: "if", cond, then, else: otherwise };
  }
  funcDef() {
    const name = this.take();
    if (name.k !== "ident" || isKeyword(name.v)) this.fail(name);
    const params = [];
    if (this.isOp("(")) {
      this.i++;
      for (; ; ) {
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
  object() {
    const entries = [];
    if (this.isOp("}")) {
      this.i++;
      return { t: "object", entries };
    }
    for (; ; ) {
      const token = this.take();
      let key;
      let value = null;
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
  objectValue() {
    let left = this.unary();
    while (this.isOp("|")) {
      this.i++;
      left = { t: "pipe", left, right: this.unary() };
    }
    return left;
  }
  pattern() {
    const token = this.take();
    if (token.k === "var") return { t: "var", name: token.v };
    if (token.k === "op" && token.v === "[") {
      const items2 = [];
      for (; ; ) {
        items2.push(this.pattern());
        if (this.isOp(",")) {
          this.i++;
          continue;
        }
        this.expectOp("]");
        return { t: "array", items: items2 };
      }
    }
    if (token.k === "op" && token.v === "{") {
      const entries = [];
      for (; ; ) {
        const k = this.take();
        if (k.k === "var") {
          const entry = { key: { t: "literal", v: k.v }, bind: k.v };
          if (this.isOp(":")) {
            this.i++;
            entry.value = this.pattern();
          }
          entries.push(entry);
        } else {
          let key;
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
};

// src/jq/builtins/defs.ts
var SOURCE = `
def values: select(. != null);
def nulls: select(. == null);
def booleans: select(type == "boolean");
def numbers: select(type == "number");
def strings: select(type == "string");
def arrays: select(type == "array");
def objects: select(type == "object");
def iterables: select(type | . == "array" or . == "object");
def scalars: select(type | . != "array" and . != "object");
def isfinite: type == "number" and (isinfinite | not);
def finites: select(isfinite);
def normals: select(isnormal);
def abs: if . < 0 then - . else . end;
def map_values(f): .[] |= f;
def with_entries(f): to_entries | map(f) | from_entries;
def del(f): delpaths([path(f)]);
def paths: path(..) | select(length > 0);
def paths(node_filter): path(.. | select(node_filter)) | select(length > 0);
def recurse(f; cond): def r: ., (f | select(cond) | r); r;
def walk(f): def w: if type == "object" then map_values(w) elif type == "array" then map(w) else . end | f; w;
def transpose: [range(0; map(length) | max // 0) as $i | [.[][$i]]];
def while(cond; update): def _w: if cond then ., (update | _w) else empty end; _w;
def until(cond; update): def _u: if cond then . else (update | _u) end; _u;
def repeat(f): def _r: f, _r; _r;
def nth($n): .[$n];
def nth($n; f): if $n < 0 then error("nth doesn't support negative indices") else label $out | foreach f as $item ($n + 1; . - 1; if . <= 0 then $item, break $out else empty end) end;
def combinations: if length == 0 then [] else .[0][] as $x | (.[1:] | combinations) as $rest | [$x] + $rest end;
def combinations(n): . as $dot | [range(n) | $dot] | combinations;
def IN(s): any(s == .; .);
def IN(src; s): any(src == s; .);
def INDEX(stream; idx_expr): reduce stream as $row ({}; .[$row | idx_expr | tostring] = $row);
def INDEX(idx_expr): INDEX(.[]; idx_expr);
def JOIN($idx; idx_expr): [.[] | [., $idx[idx_expr]]];
def JOIN($idx; stream; idx_expr): stream | [., $idx[idx_expr]];
def JOIN($idx; stream; idx_expr; join_expr): stream | [., $idx[idx_expr]] | join_expr;
def pick(pathexps): . as $top | reduce path(pathexps) as $p (null; setpath($p; $top | getpath($p)));
`;
var defs;
function jqDefined(key) {
  defs ??= new Map(parseDefs(SOURCE).map((def) => [`${def.name}/${def.params.length}`, compileBuiltinDef(def)]));
  return defs.get(key);
}

// src/jq/builtins/helpers.ts
var fn0 = (f) => () => single(code((input, _env, k) => k(f(input))), f);
var fnV = (f) => (args) => {
  if (args.length === 1) {
    const [a2] = args;
    const one1 = a2.one;
    return single(
      code((input, env, k) => a2.v(input, env, (x) => k(f(input, x)))),
      one1 && ((input, env) => {
        const x = one1(input, env);
        return x === void 0 ? void 0 : f(input, x);
      })
    );
  }
  if (args.length === 2) {
    const [a2, b2] = args;
    const [oneA, oneB] = [a2.one, b2.one];
    return single(
      code((input, env, k) => b2.v(input, env, (y) => a2.v(input, env, (x) => k(f(input, x, y))))),
      oneA && oneB && ((input, env) => {
        const y = oneB(input, env);
        if (y === void 0) return void 0;
        const x = oneA(input, env);
        return x === void 0 ? void 0 : f(input, x, y);
      })
    );
  }
  const [a, b, c] = args;
  return code((input, env, k) => c.v(input, env, (z) => b.v(input, env, (y) => a.v(input, env, (x) => k(f(input, x, y, z))))));
};
function collect(c, input, env) {
  const out = [];
  c.v(input, env, (x) => {
    out.push(x);
    return false;
  });
  return out;
}

// src/jq/builtins/core.ts
function length(v) {
  if (Array.isArray(v)) return v.length;
  if (typeof v === "string") {
    let n = v.length;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c >= 55296 && c <= 56319 && i + 1 < v.length) {
        const d = v.charCodeAt(i + 1);
        if (d >= 56320 && d <= 57343) {
          n--;
          i++;
        }
      }
    }
    return n;
  }
  if (typeof v === "number") return Math.abs(v);
  if (v === null) return 0;
  if (isObject(v)) return Object.keys(v).length;
  return fail(`${described(v)} has no length`);
}
function keys(v, sorted) {
  if (isObject(v)) return sorted ? sortedKeys(v) : Object.keys(v);
  if (Array.isArray(v)) return v.map((_, i) => i);
  return fail(`${described(v)} has no keys`);
}
function has(t, k) {
  if (t === null) return false;
  if (isObject(t) && typeof k === "string") return Object.hasOwn(t, k);
  if (Array.isArray(t) && typeof k === "number") return !Number.isNaN(k) && k >= 0 && k < t.length;
  return fail(`Cannot check whether ${typeOf(t)} has a ${typeOf(k)} key`);
}
function containsValue(a, b) {
  if (isObject(a) && isObject(b)) {
    for (const key in b) {
      if (!Object.hasOwn(a, key) || !containsValue(a[key], b[key])) return false;
    }
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return b.every((y) => a.some((x) => containsValue(x, y)));
  if (typeof a === "string" && typeof b === "string") return a.includes(b);
  if (typeOf(a) === typeOf(b)) return equals(a, b);
  return false;
}
function contains(a, b) {
  const ta = a === true || a === false ? "boolean" : typeOf(a);
  const tb = b === true || b === false ? "boolean" : typeOf(b);
  if (ta !== tb || typeof a === "boolean" && a !== b) {
    if (ta !== tb || a !== b) {
      if (!(typeof a === "boolean" && typeof b === "boolean" && a === b)) fail(`${described(a)} and ${described(b)} cannot have their containment checked`);
    }
  }
  return containsValue(a, b);
}
function tostring(v) {
  return typeof v === "string" ? v : toJson(v);
}
function iterateValues(v) {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  return fail(`Cannot iterate over ${described(v)}`);
}
function requireArray(v, what) {
  if (!Array.isArray(v)) fail(`${described(v)} ${what}`);
  return v;
}
function minMax(values, keysOf, min) {
  if (values.length === 0) return null;
  let best = values[0];
  let bestKey = keysOf[0];
  for (let i = 1; i < values.length; i++) {
    const c = compare(keysOf[i], bestKey);
    if (c < 0 === min) {
      best = values[i];
      bestKey = keysOf[i];
    }
  }
  return best;
}
function keyed(input, f, env) {
  const values = iterateValues(input);
  return { values, keys: values.map((v) => collect(f, v, env)) };
}
function byImpl(f, what) {
  return code((input, env, k) => {
    const { values, keys: ks } = keyed(input, f, env);
    return k(what(values, ks, input));
  });
}
function notBothArrays(input, ks) {
  if (!Array.isArray(input)) fail(`${described(input)} and ${described(ks)} cannot be sorted, as they are not both arrays`);
}
function sortBy(values, ks, input) {
  notBothArrays(input, ks);
  return values.map((value, i) => ({ value, key: ks[i] })).sort((a, b) => compare(a.key, b.key)).map((e) => e.value);
}
function groupBy(values, ks, input) {
  notBothArrays(input, ks);
  const sorted = values.map((value, i) => ({ value, key: ks[i] })).sort((a, b) => compare(a.key, b.key));
  const groups = [];
  let lastKey;
  for (const e of sorted) {
    if (lastKey === void 0 || compare(lastKey, e.key) !== 0) groups.push([]);
    groups[groups.length - 1].push(e.value);
    lastKey = e.key;
  }
  return groups;
}
function implode(v) {
  if (!Array.isArray(v)) fail("implode input must be an array");
  let out = "";
  for (const n of v) {
    if (typeof n !== "number" || Number.isNaN(n)) fail(`${described(n)} can't be imploded, unicode codepoint needs to be numeric`);
    let cp = Math.trunc(n);
    if (cp < 0 || cp > 1114111 || cp >= 55296 && cp <= 57343) cp = 65533;
    out += String.fromCodePoint(cp);
  }
  return out;
}
function explode(v) {
  if (typeof v !== "string") fail("explode input must be a string");
  const out = [];
  for (const ch of v) out.push(ch.codePointAt(0));
  return out;
}
function toEntries(v) {
  if (isObject(v)) return Object.keys(v).map((key) => ({ key, value: v[key] }));
  return keys(v, false) && iterateKeysOf(v);
}
function iterateKeysOf(v) {
  const arr = v;
  return arr.map((value, key) => ({ key, value }));
}
function fromEntries(v) {
  let acc = null;
  for (const entry of iterateValues(v)) {
    const key = index(entry, "key");
    const k = isTruthy(key) ? key : altChain(entry, ["Key", "name", "Name"]);
    const value = has(entry, "value") ? index(entry, "value") : index(entry, "Value");
    if (typeof k !== "string") {
      if (k === null) fail(`Cannot use null (null) as object key`);
      fail(`Cannot use ${described(k)} as object key`);
    }
    acc = add(acc, setKey({}, k, value));
  }
  return acc ?? {};
}
function altChain(entry, names) {
  let last = null;
  for (const n of names) {
    last = index(entry, n);
    if (isTruthy(last)) return last;
  }
  return last;
}
function flatten(v, depth) {
  if (compare(depth, 0) < 0) fail("flatten depth must not be negative");
  return flattenTo(v, depth);
}
function flattenTo(v, depth) {
  const go = (xs, d) => {
    const out = [];
    for (const x of xs) {
      if (Array.isArray(x) && !equals(d, 0)) out.push(...go(iterateValues(x), subtract(d, 1)));
      else out.push(x);
    }
    return out;
  };
  return go(iterateValues(v), depth);
}
function addAll(v) {
  let acc = null;
  for (const x of iterateValues(v)) acc = add(acc, x);
  return acc;
}
function join(v, sep) {
  let acc = null;
  for (const x of iterateValues(v)) {
    const piece = typeof x === "boolean" || typeof x === "number" ? tostring(x) : x === null ? "" : x;
    acc = add(acc === null ? "" : add(acc, sep), piece);
  }
  return acc ?? "";
}
function reverse(v) {
  if (Array.isArray(v)) return v.slice().reverse();
  if (v === null) return [];
  const n = length(v);
  if (n === 0) return [];
  return fail(`Cannot index ${typeOf(v)} with number`);
}
function indices(input, i) {
  if (Array.isArray(input) && Array.isArray(i)) return index(input, i);
  if (Array.isArray(input)) return index(input, [i]);
  if (typeof input === "string" && typeof i === "string") {
    const out = [];
    if (i === "") return out;
    const bytes = new TextEncoder().encode(input);
    const needle = new TextEncoder().encode(i);
    for (let p = 0; p + needle.length <= bytes.length; p++) {
      let ok = true;
      for (let j = 0; j < needle.length; j++) if (bytes[p + j] !== needle[j]) {
        ok = false;
        break;
      }
      if (ok) out.push(p);
    }
    return out;
  }
  return index(input, i);
}
var math = (f) => fn0((v) => typeof v === "number" ? compute(f(v)) : fail(`${described(v)} number required`));
var math2 = (f) => fnV((_input, a, b) => {
  if (typeof a !== "number") fail(`${described(a)} number required`);
  if (typeof b !== "number") fail(`${described(b)} number required`);
  return compute(f(a, b));
});
function errorOf(v) {
  throw new JqRuntimeError(typeof v === "string" ? v : `${toJson(v)} (not a string)`, v);
}
var pathOf = ([f]) => code(
  (input, env, k) => f.p(input, [], env, (v, p) => {
    if (p === null) notAPath(v);
    return k(p);
  })
);
var select = ([f]) => {
  const cond = f.one;
  return single(
    {
      v: (input, env, k) => f.v(input, env, (c) => isTruthy(c) ? k(input) : false),
      p: (input, path, env, k) => f.v(input, env, (c) => isTruthy(c) ? k(input, path) : false)
    },
    cond && ((input, env) => {
      const c = cond(input, env);
      return c !== void 0 && isTruthy(c) ? input : void 0;
    })
  );
};
var empty = () => ({ v: () => false, p: () => false });
var recurseWith = ([f]) => {
  const v = (input, env, k) => k(input) || f.v(input, env, (x) => v(x, env, k));
  const p = (input, path, env, k) => k(input, path) || f.p(input, path, env, (x, q) => p(x, q, env, k));
  return { v, p };
};
var getpathNative = ([a]) => ({
  v: (input, env, k) => a.v(input, env, (p) => k(getpath(input, p))),
  p: (input, path, env, k) => a.v(input, env, (p) => {
    const v = getpath(input, p);
    if (path === null) notAPath(input);
    return k(v, [...path, ...p]);
  })
});
var limit = ([n, f]) => ({
  v: (input, env, k) => n.v(input, env, (count) => limitRun(count, (kk) => f.v(input, env, kk), k)),
  p: (input, path, env, k) => n.v(input, env, (count) => {
    let at = null;
    return limitRun(
      count,
      (kk) => f.p(input, path, env, (x, q) => (at = q, kk(x))),
      (x) => k(x, at)
    );
  })
});
function limitRun(count, gen, k) {
  if (compare(count, 0) <= 0) return equals(count, 0) ? false : gen(k);
  let left = count;
  let stopped = false;
  gen((x) => {
    left = subtract(left, 1);
    if (k(x)) return stopped = true;
    return compare(left, 0) <= 0;
  });
  return stopped;
}
var first1 = ([f]) => ({
  v: (input, env, k) => {
    let found = false;
    let value = null;
    f.v(input, env, (x) => {
      found = true;
      value = x;
      return true;
    });
    return found ? k(value) : false;
  },
  p: (input, path, env, k) => {
    let found = false;
    let value = null;
    let at = null;
    f.p(input, path, env, (x, q) => {
      found = true;
      value = x;
      at = q;
      return true;
    });
    return found ? k(value, at) : false;
  }
});
var last1 = ([f]) => ({
  v: (input, env, k) => {
    let value = null;
    f.v(input, env, (x) => {
      value = x;
      return false;
    });
    return k(value);
  },
  // jq's last/1 is a reduce whose result is a variable: it is never a path.
  p: (input, _path, env, k) => {
    let value = null;
    f.v(input, env, (x) => {
      value = x;
      return false;
    });
    return k(value, null);
  }
});
var range2 = (from, upto, by, k) => {
  if (typeof from !== "number" || typeof upto !== "number" || typeof by !== "number") fail("Range bounds must be numeric");
  if (by > 0) for (let i = from; i < upto; i += by) {
    if (k(i)) return true;
  }
  else if (by < 0) for (let i = from; i > upto; i += by) {
    if (k(i)) return true;
  }
  return false;
};
var anyAll = (isAny) => ([gen, cond]) => code((input, env, k) => {
  let result = !isAny;
  gen.v(
    input,
    env,
    (x) => cond.v(x, env, (c) => {
      if (isTruthy(c) === isAny) {
        result = isAny;
        return true;
      }
      return false;
    })
  );
  return k(result);
});
function loop(cond, update, emitWhile) {
  const run3 = (input, env, k) => {
    let x = input;
    for (; ; ) {
      const conds = collect(cond, x, env);
      if (conds.length !== 1) {
        for (const c of conds) if (step(x, isTruthy(c), env, k)) return true;
        return false;
      }
      const go = isTruthy(conds[0]) === emitWhile;
      if (!go) return emitWhile ? false : k(x);
      if (emitWhile && k(x)) return true;
      const next = collect(update, x, env);
      if (next.length !== 1) {
        for (const y of next) if (run3(y, env, k)) return true;
        return false;
      }
      x = next[0];
    }
  };
  const step = (x, truthy2, env, k) => {
    if (truthy2 !== emitWhile) return emitWhile ? false : k(x);
    if (emitWhile && k(x)) return true;
    return update.v(x, env, (y) => run3(y, env, k));
  };
  return run3;
}
var identity = { v: (input, _env, k) => k(input), p: (input, path, _env, k) => k(input, path) };
var iterate = {
  v: (input, _env, k) => {
    for (const x of iterateValues(input)) if (k(x)) return true;
    return false;
  },
  p: (input, path, _env, k) => {
    const vs = iterateValues(input);
    const ks = Array.isArray(input) ? vs.map((_, i) => i) : Object.keys(input);
    for (let i = 0; i < vs.length; i++) if (k(vs[i], path && [...path, ks[i]])) return true;
    return false;
  }
};
var CORE = {
  "empty/0": empty,
  "error/0": fn0(errorOf),
  "error/1": fnV((_input, v) => errorOf(v)),
  "not/0": fn0((v) => !isTruthy(v)),
  "length/0": fn0(length),
  "utf8bytelength/0": fn0((v) => typeof v === "string" ? new TextEncoder().encode(v).length : fail(`${described(v)} only strings have UTF-8 byte length`)),
  "keys/0": fn0((v) => keys(v, true)),
  "keys_unsorted/0": fn0((v) => keys(v, false)),
  "has/1": fnV((input, k) => has(input, k)),
  "in/1": fnV((input, obj) => has(obj, input)),
  "contains/1": fnV((input, b) => contains(input, b)),
  "inside/1": fnV((input, b) => contains(b, input)),
  "type/0": fn0(typeOf),
  // tostring hands a string back unchanged, so jq still sees the path it came from.
  "tostring/0": () => ({
    v: (input, _env, k) => k(tostring(input)),
    p: (input, path, _env, k) => k(tostring(input), typeof input === "string" ? path : null),
    one: tostring
  }),
  "tojson/0": fn0(toJson),
  "add/0": fn0(addAll),
  "join/1": fnV((input, sep) => join(input, sep)),
  "flatten/0": fn0((v) => flattenTo(v, -1)),
  "flatten/1": fnV((v, d) => flatten(v, d)),
  "reverse/0": fn0(reverse),
  "sort/0": fn0((v) => requireArray(v, "cannot be sorted, as it is not an array").slice().sort(compare)),
  "sort_by/1": ([f]) => byImpl(f, sortBy),
  "group_by/1": ([f]) => byImpl(f, groupBy),
  "unique/0": () => byImpl(identity, (vs, ks, input) => groupBy(vs, ks, input).map((g) => g[0])),
  "unique_by/1": ([f]) => byImpl(f, (vs, ks, input) => groupBy(vs, ks, input).map((g) => g[0])),
  "min/0": fn0((v) => minMax(requireArray(v, "and " + described(v) + " cannot be iterated over"), v, true)),
  "max/0": fn0((v) => minMax(requireArray(v, "and " + described(v) + " cannot be iterated over"), v, false)),
  "min_by/1": ([f]) => byImpl(f, (vs, ks, input) => minMax(requireArray(input, "and " + described(ks) + " cannot be iterated over"), ks, true)),
  "max_by/1": ([f]) => byImpl(f, (vs, ks, input) => minMax(requireArray(input, "and " + described(ks) + " cannot be iterated over"), ks, false)),
  "explode/0": fn0(explode),
  "implode/0": fn0(implode),
  "to_entries/0": fn0(toEntries),
  "from_entries/0": fn0(fromEntries),
  "indices/1": fnV((input, i) => indices(input, i)),
  "index/1": fnV((input, i) => index(indices(input, i), 0)),
  "rindex/1": fnV((input, i) => index(index(indices(input, i), { start: -1, end: null }), 0)),
  "getpath/1": getpathNative,
  "setpath/2": fnV((input, p, v) => setpath(input, p, v)),
  "delpaths/1": fnV((input, ps) => delpaths(input, ps)),
  "path/1": pathOf,
  "select/1": select,
  "recurse/0": () => recurseWith([iterateOpt]),
  "recurse/1": recurseWith,
  "map/1": ([f]) => {
    const mapped = (input, env) => {
      const out = [];
      iterate.v(input, env, (x) => f.v(x, env, (y) => {
        out.push(y);
        return false;
      }));
      return out;
    };
    return single(code((input, env, k) => k(mapped(input, env))), mapped);
  },
  "limit/2": limit,
  // Values in a loop; paths (rarely asked for) through jq's recursive definitions.
  "while/2": (args) => ({ v: loop(args[0], args[1], true), p: jqDefined("while/2")(args).p }),
  "until/2": (args) => ({ v: loop(args[0], args[1], false), p: jqDefined("until/2")(args).p }),
  "repeat/1": (args) => ({
    v: (input, env, k) => {
      for (; ; ) if (args[0].v(input, env, k)) return true;
    },
    p: jqDefined("repeat/1")(args).p
  }),
  "first/1": first1,
  "last/1": last1,
  "first/0": () => indexCode(0),
  "last/0": () => indexCode(-1),
  "range/1": ([n]) => code((input, env, k) => n.v(input, env, (upto) => range2(0, upto, 1, k))),
  "range/2": ([a, b]) => code((input, env, k) => a.v(input, env, (from) => b.v(input, env, (upto) => range2(from, upto, 1, k)))),
  "range/3": ([a, b, c]) => code((input, env, k) => a.v(input, env, (from) => b.v(input, env, (upto) => c.v(input, env, (by) => range2(from, upto, by, k))))),
  "any/0": () => anyAll(true)([iterate, identity]),
  "all/0": () => anyAll(false)([iterate, identity]),
  "any/1": ([c]) => anyAll(true)([iterate, c]),
  "all/1": ([c]) => anyAll(false)([iterate, c]),
  "any/2": anyAll(true),
  "all/2": anyAll(false),
  "isempty/1": ([g]) => code((input, env, k) => {
    let empty2 = true;
    g.v(input, env, () => {
      empty2 = false;
      return true;
    });
    return k(empty2);
  }),
  "infinite/0": fn0(() => Infinity),
  "nan/0": fn0(() => NaN),
  "isinfinite/0": fn0((v) => typeof v === "number" && (v === Infinity || v === -Infinity)),
  "isnan/0": fn0((v) => typeof v === "number" && Number.isNaN(v)),
  "isnormal/0": fn0((v) => typeof v === "number" && Number.isFinite(v) && v !== 0 && Math.abs(v) >= 22250738585072014e-324),
  "floor/0": math(Math.floor),
  "ceil/0": math(Math.ceil),
  "round/0": math((x) => x < 0 ? -Math.round(-x) : Math.round(x)),
  "rint/0": math(roundHalfEven),
  "trunc/0": math(Math.trunc),
  "sqrt/0": math(Math.sqrt),
  "fabs/0": math(Math.abs),
  "fmin/2": math2((x, y) => Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.min(x, y)),
  "fmax/2": math2((x, y) => Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.max(x, y)),
  "fmod/2": math2((x, y) => x % y),
  "copysign/2": math2((x, y) => Math.sign(y) < 0 || Object.is(y, -0) ? -Math.abs(x) : Math.abs(x)),
  "fdim/2": math2((x, y) => x > y ? x - y : 0)
};
function roundHalfEven(x) {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
var iterateOpt = {
  v: (input, env, k) => Array.isArray(input) || isObject(input) ? iterate.v(input, env, k) : false,
  p: (input, path, env, k) => Array.isArray(input) || isObject(input) ? iterate.p(input, path, env, k) : false
};
function indexCode(i) {
  return {
    v: (input, _env, k) => k(index(input, i)),
    p: (input, path, _env, k) => k(index(input, i), path && [...path, i])
  };
}

// src/jq/builtins/dates.ts
var DAY = 864e5;
var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
var int = (n) => Number.isNaN(n) ? 0 : Math.trunc(n);
function gmtime(v) {
  if (typeof v !== "number") fail("gmtime() requires numeric inputs");
  const secs = Number.isNaN(v) ? 0 : Math.trunc(v);
  const d = new Date(secs * 1e3);
  const year = d.getUTCFullYear();
  const yday = int((d.getTime() - Date.UTC(year, 0, 1, 0, 0, 0, 0)) / DAY) | 0;
  return [
    int(year - 1900) + 1900,
    int(d.getUTCMonth()),
    int(d.getUTCDate()),
    int(d.getUTCHours()),
    int(d.getUTCMinutes()),
    int(d.getUTCSeconds()) + (v - Math.floor(v)),
    int(d.getUTCDay()),
    yday
  ];
}
function toTm(v, message) {
  if (!Array.isArray(v)) fail(message);
  const out = [];
  for (let i = 0; i < 8; i++) {
    const n = v[i];
    if (typeof n !== "number") fail(message);
    out.push(Math.trunc(n));
  }
  return out;
}
function timegm(tm) {
  const t = Date.UTC(tm[0], tm[1], tm[2], tm[3], tm[4], tm[5]);
  if (Number.isNaN(t)) fail("invalid gmtime representation");
  return Math.floor(t / 1e3);
}
function mktime(v) {
  if (!Array.isArray(v)) fail("mktime requires array inputs");
  if (v.length < 6) fail("mktime requires parsed datetime inputs");
  return timegm(toTm(v, "mktime requires parsed datetime inputs"));
}
var pad = (n, width, fill = "0") => String(n).padStart(width, fill);
var isLeap = (y) => y % 4 === 0 && y % 100 !== 0 || y % 400 === 0;
function isoWeeks(year, jan1Wday) {
  return jan1Wday === 4 || jan1Wday === 3 && isLeap(year) ? 53 : 52;
}
function isoWeek(tm) {
  const [year, , , , , , wday, yday] = tm;
  const jan1 = ((wday - yday) % 7 + 7) % 7;
  const week = Math.floor((yday - (wday + 6) % 7 + 10) / 7);
  if (week < 1) {
    const prevJan1 = ((jan1 - (isLeap(year - 1) ? 366 : 365)) % 7 + 7) % 7;
    return [year - 1, isoWeeks(year - 1, prevJan1)];
  }
  if (week > isoWeeks(year, jan1)) return [year + 1, 1];
  return [year, week];
}
var yearText = (y) => y > 9999 ? "+" + y : y < 0 ? "-" + pad(-y, 3) : pad(y, 4);
function strftime(tm, fmt) {
  const [year, mon, mday, hour, min, sec, wday, yday] = tm;
  const failure3 = () => fail("strftime/1: unknown system failure");
  let out = "";
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== "%") {
      out += c;
      continue;
    }
    const d = fmt[++i];
    const hour12 = hour % 12 === 0 ? 12 : hour % 12;
    switch (d) {
      case "a":
        out += DAYS[wday]?.slice(0, 3) ?? "?";
        break;
      case "A":
        out += DAYS[wday] ?? "?";
        break;
      case "b":
      case "h":
        out += MONTHS[mon]?.slice(0, 3) ?? "?";
        break;
      case "B":
        out += MONTHS[mon] ?? "?";
        break;
      case "c":
        out += strftime(tm, "%a %b %e %T %Y");
        break;
      case "C":
        out += pad(Math.floor(year / 100), 2);
        break;
      case "d":
        out += pad(mday, 2);
        break;
      case "D":
      case "x":
        out += strftime(tm, "%m/%d/%y");
        break;
      case "e":
        out += pad(mday, 2, " ");
        break;
      case "F":
        out += strftime(tm, "%Y-%m-%d");
        break;
      case "g":
        out += pad(isoWeek(tm)[0] % 100, 2);
        break;
      case "G":
        out += yearText(isoWeek(tm)[0]);
        break;
      case "H":
        out += pad(hour, 2);
        break;
      case "I":
        out += pad(hour12, 2);
        break;
      case "j":
        out += pad(yday + 1, 3);
        break;
      case "m":
        out += pad(mon + 1, 2);
        break;
      case "M":
        out += pad(min, 2);
        break;
      case "n":
        out += "\n";
        break;
      case "p":
        out += hour >= 12 ? "PM" : "AM";
        break;
      case "r":
        out += strftime(tm, "%I:%M:%S %p");
        break;
      case "R":
        out += strftime(tm, "%H:%M");
        break;
      case "s":
        out += String(timegm(tm));
        break;
      case "S":
        out += pad(sec, 2);
        break;
      case "t":
        out += "	";
        break;
      case "T":
      case "X":
        out += strftime(tm, "%H:%M:%S");
        break;
      case "u":
        out += String(wday === 0 ? 7 : wday);
        break;
      case "U":
        out += pad(Math.floor((yday + 7 - wday) / 7), 2);
        break;
      case "V":
        out += pad(isoWeek(tm)[1], 2);
        break;
      case "w":
        out += String(wday);
        break;
      case "W":
        out += pad(Math.floor((yday + 7 - (wday + 6) % 7) / 7), 2);
        break;
      case "y":
        out += pad(year % 100, 2);
        break;
      case "Y":
        out += yearText(year);
        break;
      case "z":
        out += "+0000";
        break;
      case "%":
        out += "%";
        break;
      default:
        failure3();
    }
  }
  if (out === "") failure3();
  return out;
}
function strftimeOf(input, fmt) {
  let tm;
  if (typeof input === "number") tm = gmtime(input);
  else if (!Array.isArray(input)) return fail("strftime/1 requires parsed datetime inputs");
  else if (typeof fmt !== "string") return fail("strftime/1 requires a string format");
  else tm = toTm(input, "strftime/1 requires parsed datetime inputs");
  if (typeof fmt !== "string") fail("strftime/1 requires a string format");
  return strftime(tm.map((n, i) => i === 5 ? Math.trunc(n) : n), fmt);
}
var EQUIVALENT = {
  A: "%a",
  B: "%b",
  c: "%a %b %d %H:%M:%S %Y",
  D: "%m\\/%d\\/%y",
  e: "%d",
  F: "%Y-%m-%d",
  h: "%b",
  R: "%H\\:%M",
  r: "%I\\:%M\\:%S\\s%p",
  T: "%H\\:%M\\:%S",
  x: "%m\\/%d\\/(?:%y|%Y)",
  X: "%H\\:%M\\:%S"
};
var PATTERNS = {
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
  z: "Z|(?:[\\+\\-]\\d\\d:?(?:\\d\\d)?)"
};
var MONTH_NUMBERS = { JAN: 0, FEB: 1, MAR: 2, APR: 3, MAY: 4, JUN: 5, JUL: 6, AUG: 7, SEP: 8, OCT: 9, NOV: 10, DEC: 11 };
function strptimeParser(format) {
  let pattern = format;
  for (const ch of "\\!@#$^&*()+=-[]/{}|:<>?,.") pattern = pattern.split(ch).join("\\" + ch);
  const capture = [];
  const out = pattern.replace(/%(.)/g, (m, c) => EQUIVALENT[c] ?? m).replace(/%(.)/g, (_m, c) => {
    const p = PATTERNS[c];
    if (p) {
      capture.push(c);
      return `(${p})`;
    }
    throw new JqUnsupportedError(`strptime directive %${c}`);
  }).replace(/\s+/g, "\\s*");
  return { re: new RegExp("^" + out, "i"), capture };
}
function strptime(input, fmt, parser) {
  if (typeof input !== "string") fail("strptime/1 requires string inputs and arguments");
  const m = parser.re.exec(input);
  const rest = m ? input.slice(m[0].length) : "";
  if (!m || rest !== "" && !/^\s/.test(rest)) fail(`date "${input}" does not match format "${fmt}"`);
  const get = (c) => {
    const i = parser.capture.indexOf(c);
    return i >= 0 ? m[i + 1] : void 0;
  };
  const date = { year: 1970, month: 0, day: 1, hour: 0, min: 0, sec: 0 };
  let v;
  if (v = get("S")) date.sec = parseInt(v, 10);
  if (v = get("M")) date.min = parseInt(v, 10);
  if (v = get("H")) date.hour = parseInt(v, 10);
  else if (v = get("I")) {
    let hour = parseInt(v, 10);
    if (v = get("p")) hour += v.toUpperCase()[0] === "P" ? 12 : 0;
    date.hour = hour;
  }
  if (v = get("Y")) date.year = parseInt(v, 10);
  else if (v = get("y")) {
    let year2 = parseInt(v, 10);
    if (v = get("C")) year2 += parseInt(v, 10) * 100;
    else year2 += year2 < 69 ? 2e3 : 1900;
    date.year = year2;
  }
  if (v = get("m")) date.month = parseInt(v, 10) - 1;
  else if (v = get("b")) date.month = MONTH_NUMBERS[v.slice(0, 3).toUpperCase()] ?? 0;
  if (v = get("d")) date.day = parseInt(v, 10);
  const year = date.year >= 0 && date.year <= 99 ? date.year + 1900 : date.year;
  const d = new Date(Date.UTC(year, date.month, date.day, date.hour, date.min, date.sec));
  const yday = Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY);
  const tm = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCDay(), yday];
  if (rest !== "") tm.push(rest);
  return tm;
}
var strptimeNative = ([f]) => {
  if (!f || typeof f.constant !== "string") throw new JqUnsupportedError("strptime with a format computed at run time");
  const fmt = f.constant;
  const parser = strptimeParser(fmt);
  return code((input, _env, k) => k(strptime(input, fmt, parser)));
};
var ISO = "%Y-%m-%dT%H:%M:%SZ";
var isoParser = strptimeParser(ISO);
var fromdate = (v) => mktime(strptime(v, ISO, isoParser));
var todate = (v) => strftimeOf(v, ISO);
var DATES = {
  "gmtime/0": fn0(gmtime),
  "mktime/0": fn0(mktime),
  "strftime/1": ([f]) => code((input, env, k) => f.v(input, env, (fmt) => k(strftimeOf(input, fmt)))),
  "strptime/1": strptimeNative,
  "todate/0": fn0(todate),
  "todateiso8601/0": fn0(todate),
  "fromdate/0": fn0(fromdate),
  "fromdateiso8601/0": fn0(fromdate),
  "now/0": fn0(() => Date.now() / 1e3)
};

// src/jq/builtins/regex.ts
function translate(source, extended, dotAll) {
  let out = "";
  const names = [];
  let inClass = false;
  const unsupported = (what) => {
    throw new JqUnsupportedError(`regex ${what} in ${JSON.stringify(source)}`);
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const e = source[i + 1];
      if (e === void 0) unsupported("trailing backslash");
      i++;
      if ("dDwWsS".includes(e)) {
        const map = {
          d: "\\p{Nd}",
          D: "\\P{Nd}",
          w: "\\p{L}\\p{M}\\p{Nd}\\p{Pc}",
          s: "\\s",
          S: "\\S"
        };
        if (e === "W") out += inClass ? unsupported("\\W in a class") : "[^\\p{L}\\p{M}\\p{Nd}\\p{Pc}]";
        else if (e === "w") out += inClass ? map.w : `[${map.w}]`;
        else out += map[e];
        continue;
      }
      if (e === "A" && !inClass) {
        out += "(?<![\\s\\S])";
        continue;
      }
      if (e === "z" && !inClass) {
        out += "(?![\\s\\S])";
        continue;
      }
      if (e === "Z" && !inClass) {
        out += "(?=\\n?(?![\\s\\S]))";
        continue;
      }
      if ("tnrfve".includes(e)) {
        out += e === "e" ? "\\x1b" : "\\" + e;
        continue;
      }
      if (/[1-9]/.test(e) && !inClass) {
        out += "\\" + e;
        continue;
      }
      if (e === "x" && /^[0-9a-fA-F]{2}/.test(source.slice(i + 1))) {
        out += "\\x" + source.slice(i + 1, i + 3);
        i += 2;
        continue;
      }
      if (e === "k" && source[i + 1] === "<") {
        const end = source.indexOf(">", i);
        out += "\\k" + source.slice(i + 1, end + 1);
        i = end;
        continue;
      }
      if (/[A-Za-z0-9]/.test(e)) unsupported(`\\${e}`);
      out += /[\^$\\.*+?()[\]{}|\/-]/.test(e) ? "\\" + e : e;
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
        if (source[i + 1] === "^") {
          out += "^";
          i++;
        }
        if (source[i + 1] === "]") {
          out += "\\]";
          i++;
        }
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
          if (names.includes(named[1])) unsupported("duplicate group name");
          names.push(named[1]);
          out += `(?<${named[1]}>`;
          i += 1 + named[0].length;
          continue;
        }
        if (/^(?::|=|!|<=|<!)/.test(rest)) {
          const m = /^(?::|=|!|<=|<!)/.exec(rest)[0];
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
var cache = /* @__PURE__ */ new Map();
function compileRegex(source, flags) {
  if (typeof source !== "string") throw new JqUnsupportedError("regex that is not a string");
  if (flags !== null && typeof flags !== "string") throw new JqUnsupportedError("regex flags that are not a string");
  const key = `${flags}\0${source}`;
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
    else if (f === "s") continue;
    else if (f === "m" || f === "p") dotAll = true;
    else throw new JqUnsupportedError(`regex flag ${JSON.stringify(f)}`);
  }
  const { pattern, names } = translate(source, extended, dotAll);
  let re;
  try {
    re = new RegExp(pattern, ignoreCase ? "dgui" : "dgu");
  } catch {
    throw new JqUnsupportedError(`regex ${JSON.stringify(source)}`);
  }
  const compiled = { re, global, names };
  cache.set(key, compiled);
  return compiled;
}
var cpLength = (s) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c >= 56320 && c <= 57343 && i > 0 && s.charCodeAt(i - 1) >= 55296 && s.charCodeAt(i - 1) <= 56319)) n++;
  }
  return n;
};
function matches(input, { re, global, names }, testOnly) {
  re.lastIndex = 0;
  const out = [];
  for (; ; ) {
    const m = re.exec(input);
    if (!m) break;
    if (testOnly) return true;
    const offset = cpLength(input.slice(0, m.index));
    const whole = m[0];
    const captures = [];
    for (let i = 1; i < m.length; i++) {
      const name = names[i - 1] ?? null;
      const s = m[i];
      if (whole === "") captures.push({ offset, string: "", length: 0, name });
      else if (s === void 0) captures.push({ offset: -1, string: null, length: 0, name });
      else if (s === "") captures.push({ offset: cpLength(input.slice(0, m.indices[i][0])), string: "", length: 0, name });
      else captures.push({ offset: cpLength(input.slice(0, m.indices[i][0])), length: cpLength(s), string: s, name });
    }
    out.push({ offset, length: cpLength(whole), string: whole, captures });
    if (!global) break;
    if (whole === "") {
      if (re.lastIndex >= input.length) break;
      const cp = input.codePointAt(re.lastIndex);
      const extra = (cp < 128 ? 1 : cp < 2048 ? 2 : cp < 65536 ? 3 : 4) - 1;
      if (extra > 0 && nullable(re)) {
        const next = { offset: offset + 1, string: "", length: 0 };
        for (let n = 0; n < extra; n++) out.push({ ...next, captures: captures.map((c) => ({ ...c, offset: offset + 1 })) });
      }
      re.lastIndex += cp > 65535 ? 2 : 1;
    }
  }
  return testOnly ? false : out;
}
function nullable(re) {
  const probe = new RegExp(re.source, re.flags.replace("g", ""));
  return probe.exec("")?.[0] === "";
}
function run(input, compiled, testOnly) {
  if (typeof input !== "string") fail(`${described(input)} cannot be matched, as it is not a string`);
  return matches(input, compiled, testOnly);
}
function constantRegex(re, flags, extraFlags = "") {
  if (!("constant" in re) || flags && !("constant" in flags)) throw new JqUnsupportedError("regex or flags computed at run time");
  let f = flags ? flags.constant : null;
  let source = re.constant;
  if (!flags && Array.isArray(source)) throw new JqUnsupportedError("regex given as an array");
  if (extraFlags) f = add(f, extraFlags);
  if (typeof source !== "string") throw new JqUnsupportedError("regex that is not a string");
  return compileRegex(source, f);
}
function captureObject(m) {
  const out = {};
  for (const c of m.captures) if (c.name !== null) setKey(out, c.name, c.string);
  return out;
}
var matchN = (extra) => ([re, flags]) => {
  const compiled = constantRegex(re, flags ?? null, extra);
  return code((input, _env, k) => {
    for (const m of run(input, compiled, false)) if (k(m)) return true;
    return false;
  });
};
var testN = ([re, flags]) => {
  const compiled = constantRegex(re, flags ?? null);
  return code((input, _env, k) => k(run(input, compiled, true)));
};
var captureN = ([re, flags]) => {
  const compiled = constantRegex(re, flags ?? null);
  return code((input, _env, k) => {
    for (const m of run(input, compiled, false)) if (k(captureObject(m))) return true;
    return false;
  });
};
var scanN = ([re, flags]) => {
  const compiled = constantRegex(re, flags ?? null, "g");
  return code((input, _env, k) => {
    for (const m of run(input, compiled, false)) {
      const caps = m.captures;
      if (k(caps.length > 0 ? caps.map((c) => c.string) : m.string)) return true;
    }
    return false;
  });
};
function splitsOf(input, compiled) {
  const found = run(input, compiled, false);
  const s = input;
  const bounds = [0];
  for (const m of found) bounds.push(m.offset, m.offset + m.length);
  bounds.push(cpLength(s));
  const out = [];
  for (let i = 0; i < bounds.length; i += 2) out.push(sliceString(s, bounds[i], bounds[i + 1]));
  return out;
}
var splitsN = ([re, flags]) => {
  const compiled = constantRegex(re, flags ?? null, "g");
  return code((input, _env, k) => {
    for (const piece of splitsOf(input, compiled)) if (k(piece)) return true;
    return false;
  });
};
var split2 = ([re, flags]) => {
  const compiled = constantRegex(re, flags ?? null, "g");
  return code((input, _env, k) => k(splitsOf(input, compiled)));
};
var subN = (global) => ([re, replacement, flags]) => {
  const compiled = constantRegex(re, flags ?? null, global ? "g" : "");
  return code((input, env, k) => {
    const found = run(input, compiled, false);
    const s = input;
    let results = [];
    let previous = 0;
    for (const m of found) {
      const gap = sliceString(s, previous, m.offset);
      const inserts = [];
      replacement.v(captureObject(m), env, (x) => {
        inserts.push(x);
        return false;
      });
      results = results.slice();
      for (let ix = 0; ix < inserts.length; ix++) results[ix] = add(results[ix] ?? null, add(gap, inserts[ix]));
      previous = m.offset + m.length;
    }
    if (results.length === 0) return k(s);
    const tail = sliceString(s, previous, null);
    for (const r of results) if (k(add(r, tail))) return true;
    return false;
  });
};
var REGEX = {
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
  "gsub/3": subN(true)
};

// src/jq/builtins/strings.ts
var NUMBER = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
var JSON_SPACE = /^[ \t\n\r]*|[ \t\n\r]*$/g;
function parseFailure(text) {
  const trimmed = text.replace(JSON_SPACE, "");
  let message;
  if (trimmed === "") message = "Expected JSON value";
  else if (/[ \t\n\r]/.test(trimmed) && trimmed.split(/[ \t\n\r]+/).every((t) => NUMBER.test(t) || isJson(t))) message = "Unexpected extra JSON values";
  else if (!/^[[\]{},:"]/.test(trimmed)) {
    const token = /^[^ \t\n\r[\]{},:"]*/.exec(trimmed)[0];
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
function isJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
function parseJson(text) {
  const trimmed = text.replace(JSON_SPACE, "");
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (trimmed === "nan" || trimmed === "-nan") return NaN;
  try {
    return JSON.parse(text);
  } catch {
    return parseFailure(text);
  }
}
function tonumber(v) {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const parsed = parseJson(v);
    if (typeof parsed === "number") return parsed;
  }
  return fail(`${described(v)} cannot be parsed as a number`);
}
function fromjson(v) {
  if (typeof v !== "string") fail(`${described(v)} only strings can be parsed`);
  return parseJson(v);
}
var bothStrings = (name, f) => fnV((input, arg) => {
  if (typeof input !== "string" || typeof arg !== "string") fail(`${name}() requires string inputs`);
  return f(input, arg);
});
var trimStr = (f) => fnV((input, arg) => typeof input === "string" && typeof arg === "string" ? f(input, arg) : input);
var ascii = (from, to, delta) => fn0((v) => {
  if (typeof v !== "string") fail("explode input must be a string");
  let out = "";
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    out += c >= from && c <= to ? String.fromCharCode(c + delta) : v[i];
  }
  return out;
});
var STRINGS = {
  "tonumber/0": fn0(tonumber),
  "fromjson/0": fn0(fromjson),
  "startswith/1": bothStrings("startswith", (a, b) => a.startsWith(b)),
  "endswith/1": bothStrings("endswith", (a, b) => a.endsWith(b)),
  "ltrimstr/1": trimStr((a, b) => a.startsWith(b) ? a.slice(b.length) : a),
  "rtrimstr/1": trimStr((a, b) => a.endsWith(b) && b.length > 0 ? a.slice(0, a.length - b.length) : a),
  "split/1": fnV((input, sep) => {
    if (typeof input !== "string" || typeof sep !== "string") fail("split input and separator must be strings");
    return splitString(input, sep);
  }),
  "ascii_downcase/0": ascii(65, 90, 32),
  "ascii_upcase/0": ascii(97, 122, -32)
};

// src/jq/builtins/index.ts
var NATIVES = { ...CORE, ...STRINGS, ...REGEX, ...DATES };
var UNSUPPORTED = /* @__PURE__ */ new Set([
  "env/0",
  "input/0",
  "inputs/0",
  "debug/0",
  "debug/1",
  "stderr/0",
  "input_filename/0",
  "input_line_number/0",
  "halt/0",
  "halt_error/0",
  "halt_error/1",
  "get_search_list/0",
  "get_prog_origin/0",
  "get_jq_origin/0",
  "modulemeta/0",
  "builtins/0",
  "localtime/0",
  "strflocaltime/1",
  "tostream/0",
  "fromstream/1",
  "truncate_stream/1",
  "gamma/0",
  "lgamma/0",
  "tgamma/0",
  "lgamma_r/0",
  "frexp/0",
  "modf/0",
  "j0/0",
  "j1/0",
  "y0/0",
  "y1/0",
  "jn/2",
  "yn/2",
  "significand/0",
  "drem/2",
  "ldexp/2",
  "scalb/2",
  "scalbln/2",
  "nearbyint/0",
  "logb/0",
  "nexttoward/2",
  "nextafter/2",
  "fma/3",
  "erf/0",
  "erfc/0",
  "expm1/0",
  "log1p/0",
  "format/1",
  "bsearch/1",
  // libm's transcendental functions may differ from V8's in the last bit: exact ones stay native.
  "exp10/0",
  "pow10/0",
  "cbrt/0",
  "exp/0",
  "exp2/0",
  "log/0",
  "log2/0",
  "log10/0",
  "sin/0",
  "cos/0",
  "tan/0",
  "asin/0",
  "acos/0",
  "atan/0",
  "sinh/0",
  "cosh/0",
  "tanh/0",
  "asinh/0",
  "acosh/0",
  "atanh/0",
  "pow/2",
  "atan2/2",
  "hypot/2"
]);
function lookupBuiltin(name, arity) {
  const key = `${name}/${arity}`;
  if (UNSUPPORTED.has(key)) throw new JqUnsupportedError(key);
  return NATIVES[key] ?? jqDefined(key);
}

// src/jq/builtins/formats.ts
var encoder2 = new TextEncoder();
function escapeCell(s, pairs) {
  let out = s;
  for (const [from, to] of pairs) out = out.split(from).join(to);
  return out;
}
function row(input, name) {
  if (!Array.isArray(input)) fail(`${described(input)} cannot be ${name}-formatted, only array`);
  return input.map((x) => {
    if (x === null) return "";
    if (typeof x === "boolean") return String(x);
    if (typeof x === "number") return Number.isNaN(x) ? "" : toJson(x);
    if (typeof x === "string") {
      return name === "csv" ? `"${x.replaceAll('"', '""')}"` : escapeCell(x, [["\\", "\\\\"], ["	", "\\t"], ["\r", "\\r"], ["\n", "\\n"]]);
    }
    return fail(`${described(x)} is not valid in a csv row`);
  }).join(name === "csv" ? "," : "	");
}
function base64(s) {
  let binary = "";
  for (const b of encoder2.encode(s)) binary += String.fromCharCode(b);
  return btoa(binary);
}
var B64 = /^[A-Za-z0-9+/]*$/;
function base64d(input) {
  const s = toText(input);
  const end = s.indexOf("=");
  const data = end < 0 ? s : s.slice(0, end);
  if (!B64.test(data)) fail(`${described(s)} is not valid base64 data`);
  if (data.length % 4 === 1) fail(`${described(s)} trailing base64 byte found`);
  const padded = data + "===".slice(0, (4 - data.length % 4) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return decodeUtf8(bytes);
}
function decodeUtf8(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const first = bytes[i];
    let length2 = first < 128 ? 1 : first < 194 ? 0 : first < 224 ? 2 : first < 240 ? 3 : first < 245 ? 4 : 0;
    let cp = -1;
    if (length2 === 1) cp = first;
    else if (length2 === 0) length2 = 1;
    else if (i + length2 > bytes.length) length2 = bytes.length - i;
    else {
      cp = first & 255 >> length2 + 1;
      for (let j = 1; j < length2; j++) {
        const b = bytes[i + j];
        if ((b & 192) !== 128) {
          cp = -1;
          length2 = j;
          break;
        }
        cp = cp << 6 | b & 63;
      }
      const min = [0, 0, 128, 2048, 65536][length2];
      if (cp < min || cp >= 55296 && cp <= 57343 || cp > 1114111) cp = -1;
    }
    out += cp < 0 ? "\uFFFD" : String.fromCodePoint(cp);
    i += length2;
  }
  return out;
}
var URI_UNRESERVED = /[A-Za-z0-9\-_.~]/;
function uri(s) {
  let out = "";
  for (const b of encoder2.encode(s)) {
    const c = String.fromCharCode(b);
    out += b < 128 && URI_UNRESERVED.test(c) ? c : "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}
function sh(input) {
  const items2 = Array.isArray(input) ? input : [input];
  return items2.map((x) => {
    if (typeof x === "string") return `'${x.replaceAll("'", "'\\''")}'`;
    if (x === null || typeof x !== "object") return toJson(x);
    return fail(`${described(x)} can not be escaped for shell`);
  }).join(" ");
}
var FORMATS = {
  text: toText,
  json: toJson,
  csv: (input) => row(input, "csv"),
  tsv: (input) => row(input, "tsv"),
  html: (input) => escapeCell(toText(input), [["&", "&amp;"], ["<", "&lt;"], [">", "&gt;"], ["'", "&apos;"], ['"', "&quot;"]]),
  uri: (input) => uri(toText(input)),
  sh,
  base64: (input) => base64(toText(input)),
  base64d
};
function applyFormat(name, input) {
  const f = FORMATS[name];
  return f ? f(input) : fail(`${name} is not a valid format`);
}
function formatFilter(name) {
  const f = FORMATS[name] ?? (() => fail(`${name} is not a valid format`));
  return code((input, _env, k) => k(f(input)));
}

// src/jq/compile.ts
var push = (scope, b) => ({ b, up: scope });
function compileAst(ast, scope) {
  switch (ast.t) {
    case "identity":
      return IDENTITY;
    case "recurse":
      return recurseDefault;
    case "literal": {
      const value = ast.v;
      return { ...code((_input, _env, k) => k(value)), constant: value, one: () => value };
    }
    case "string":
      return compileString(ast.parts.map((part) => typeof part === "string" ? part : compileAst(part, scope)), ast.format);
    case "format":
      return formatFilter(ast.name);
    case "index":
      return compileIndex(compileAst(ast.target, scope), compileAst(ast.key, scope), ast.opt === true);
    case "slice":
      return compileSlice(compileAst(ast.target, scope), ast.from && compileAst(ast.from, scope), ast.to && compileAst(ast.to, scope), ast.opt === true);
    case "iterate":
      return compileIterate(compileAst(ast.target, scope), ast.opt === true);
    case "try":
      if (breaksOut(ast.body, /* @__PURE__ */ new Set())) throw new JqUnsupportedError('break caught by try (jq hands it over as {"__jq": n})');
      return compileTry(compileAst(ast.body, scope), ast.handler && compileAst(ast.handler, scope));
    case "pipe": {
      const left = compileAst(ast.left, scope);
      const right = compileAst(ast.right, scope);
      const [l, r] = [left.one, right.one];
      return single(
        {
          v: (input, env, k) => left.v(input, env, (x) => right.v(x, env, k)),
          p: (input, path, env, k) => left.p(input, path, env, (x, p) => right.p(x, p, env, k))
        },
        l && r && ((input, env) => {
          const x = l(input, env);
          return x === void 0 ? void 0 : r(x, env);
        })
      );
    }
    case "comma": {
      const left = compileAst(ast.left, scope);
      const right = compileAst(ast.right, scope);
      return {
        v: (input, env, k) => left.v(input, env, k) || right.v(input, env, k),
        p: (input, path, env, k) => left.p(input, path, env, k) || right.p(input, path, env, k)
      };
    }
    case "neg": {
      const e = compileAst(ast.e, scope);
      const one = e.one;
      return single(
        code((input, env, k) => e.v(input, env, (x) => k(negate(x)))),
        one && ((input, env) => {
          const x = one(input, env);
          return x === void 0 ? void 0 : negate(x);
        })
      );
    }
    case "binop": {
      const op = BINARY_OPS[ast.op];
      const left = compileAst(ast.left, scope);
      const right = compileAst(ast.right, scope);
      const [oneL, oneR] = [left.one, right.one];
      return single(
        code((input, env, k) => right.v(input, env, (r) => left.v(input, env, (l) => k(op(l, r))))),
        oneL && oneR && ((input, env) => {
          const r = oneR(input, env);
          if (r === void 0) return void 0;
          const l = oneL(input, env);
          return l === void 0 ? void 0 : op(l, r);
        })
      );
    }
    case "and":
    case "or": {
      const left = compileAst(ast.left, scope);
      const right = compileAst(ast.right, scope);
      const isAnd = ast.t === "and";
      const [oneL, oneR] = [left.one, right.one];
      return single(
        code(
          (input, env, k) => left.v(input, env, (l) => {
            if (isTruthy(l) !== isAnd) return k(!isAnd);
            return right.v(input, env, (r) => k(isTruthy(r)));
          })
        ),
        oneL && oneR && ((input, env) => {
          const l = oneL(input, env);
          if (l === void 0) return void 0;
          if (isTruthy(l) !== isAnd) return !isAnd;
          const r = oneR(input, env);
          return r === void 0 ? void 0 : isTruthy(r);
        })
      );
    }
    case "alt":
      return compileAlt(compileAst(ast.left, scope), compileAst(ast.right, scope));
    case "assign":
      return compileAssign(ast.op, compileAst(ast.left, scope), compileAst(ast.right, scope));
    case "if": {
      const cond = compileAst(ast.cond, scope);
      const then = compileAst(ast.then, scope);
      const otherwise = ast.else ? compileAst(ast.else, scope) : compileAst({ t: "identity" }, scope);
      const [oneC, oneT, oneE] = [cond.one, then.one, otherwise.one];
      return single(
        {
          v: (input, env, k) => cond.v(input, env, (c) => (isTruthy(c) ? then : otherwise).v(input, env, k)),
          p: (input, path, env, k) => cond.v(input, env, (c) => (isTruthy(c) ? then : otherwise).p(input, path, env, k))
        },
        oneC && oneT && oneE && ((input, env) => {
          const c = oneC(input, env);
          if (c === void 0) return void 0;
          return isTruthy(c) ? oneT(input, env) : oneE(input, env);
        })
      );
    }
    case "array": {
      if (!ast.e) return single(code((_input, _env, k) => k([])), () => []);
      const e = compileAst(ast.e, scope);
      const oneE = e.one;
      const collect2 = oneE ? (input, env) => {
        const x = oneE(input, env);
        return x === void 0 ? [] : [x];
      } : (input, env) => {
        const out = [];
        e.v(input, env, (x) => {
          out.push(x);
          return false;
        });
        return out;
      };
      return single(code((input, env, k) => k(collect2(input, env))), collect2);
    }
    case "object":
      return compileObject(ast.entries.map((e) => ({ key: compileAst(e.key, scope), value: compileAst(e.value, scope) })));
    case "reduce":
    case "foreach":
      return compileFold(ast, scope);
    case "bind": {
      if (ast.patterns.length > 1) throw new JqUnsupportedError("?// destructuring alternatives");
      const pattern = ast.patterns[0];
      const source = compileAst(ast.source, scope);
      const { bind, scope: inner } = compilePattern(pattern, scope);
      const body = compileAst(ast.body, inner);
      return {
        v: (input, env, k) => source.v(input, env, (x) => bind(x, input, env, (e) => body.v(input, e, k))),
        p: (input, path, env, k) => source.v(input, env, (x) => bind(x, input, env, (e) => body.p(input, path, e, k)))
      };
    }
    case "def": {
      const { scope: inner, make } = compileDef(ast.def, scope);
      const body = compileAst(ast.body, inner);
      const one = body.one;
      return single(
        {
          v: (input, env, k) => body.v(input, make(env), k),
          p: (input, path, env, k) => body.p(input, path, make(env), k)
        },
        one && ((input, env) => one(input, make(env)))
      );
    }
    case "call":
      return compileCall(ast.name, ast.args, scope);
    case "var": {
      if (ast.name === "ENV") throw new JqUnsupportedError("$ENV (a Worker has no process environment)");
      const depth = find(scope, (b) => b.kind === "var" && b.name === ast.name);
      if (depth < 0) throw new JqSyntaxError(`$${ast.name} is not defined`);
      return single(
        code((_input, env, k) => k(lookup(env, depth))),
        (_input, env) => lookup(env, depth)
      );
    }
    case "loc": {
      const value = { file: "<top-level>", line: ast.line };
      return code((_input, _env, k) => k(value));
    }
    case "label": {
      const body = compileAst(ast.body, push(scope, { kind: "label", name: ast.name }));
      return {
        v: (input, env, k) => {
          const token = {};
          try {
            return body.v(input, frame(env, token), k);
          } catch (error) {
            if (error instanceof BreakSignal && error.token === token) return false;
            throw error;
          }
        },
        p: (input, path, env, k) => {
          const token = {};
          try {
            return body.p(input, path, frame(env, token), k);
          } catch (error) {
            if (error instanceof BreakSignal && error.token === token) return false;
            throw error;
          }
        }
      };
    }
    case "break": {
      const depth = find(scope, (b) => b.kind === "label" && b.name === ast.name);
      if (depth < 0) throw new JqSyntaxError(`$*label-${ast.name} is not defined`);
      const raise = (env) => {
        throw new BreakSignal(lookup(env, depth));
      };
      return { v: (_input, env) => raise(env), p: (_input, _path, env) => raise(env) };
    }
  }
}
var IDENTITY = { v: (input, _env, k) => k(input), p: (input, path, _env, k) => k(input, path), one: (input) => input };
function breaksOut(node, inner) {
  if (Array.isArray(node)) return node.some((n2) => breaksOut(n2, inner));
  if (!node || typeof node !== "object") return false;
  const n = node;
  if (n.t === "break") return !inner.has(n.name);
  if (n.t === "label") return breaksOut(n.body, /* @__PURE__ */ new Set([...inner, n.name]));
  return Object.values(node).some((v) => breaksOut(v, inner));
}
function find(scope, match) {
  let depth = 0;
  for (let s = scope; s; s = s.up, depth++) if (match(s.b)) return depth;
  return -1;
}
var recurseDefault = /* @__PURE__ */ (() => {
  const v = (input, env, k) => {
    if (k(input)) return true;
    if (Array.isArray(input)) {
      for (const x of input) if (v(x, env, k)) return true;
    } else if (input !== null && typeof input === "object") {
      for (const key in input) if (v(input[key], env, k)) return true;
    }
    return false;
  };
  const p = (input, path, env, k) => {
    if (k(input, path)) return true;
    if (path === null) return false;
    if (Array.isArray(input)) {
      for (let i = 0; i < input.length; i++) if (p(input[i], [...path, i], env, k)) return true;
    } else if (input !== null && typeof input === "object") {
      for (const key in input) if (p(input[key], [...path, key], env, k)) return true;
    }
    return false;
  };
  return { v, p };
})();
function pathIndexFailure(key, target) {
  return fail(`Invalid path expression near attempt to access element ${errorText(key)} of ${errorText(target, 30)}`);
}
function optional(opt, access, k) {
  if (!opt) return k(access());
  let v;
  try {
    v = access();
  } catch (error) {
    if (error instanceof JqRuntimeError) return false;
    throw error;
  }
  return k(v);
}
function compileIndex(target, key, opt) {
  if ("constant" in key && !opt) {
    const kc = key.constant;
    const p = (input, path, env, k) => target.p(input, path, env, (t, q) => {
      if (q === null) pathIndexFailure(kc, t);
      return k(index(t, kc), [...q, kc]);
    });
    if (target === IDENTITY) return { v: (input, _env, k) => k(index(input, kc)), p, one: (input) => index(input, kc) };
    const oneT2 = target.one;
    return single(
      { v: (input, env, k) => target.v(input, env, (t) => k(index(t, kc))), p },
      oneT2 && ((input, env) => {
        const t = oneT2(input, env);
        return t === void 0 ? void 0 : index(t, kc);
      })
    );
  }
  const [oneK, oneT] = [key.one, target.one];
  return single({
    // jq evaluates the key (against the same input as the target) in the outer loop.
    v: (input, env, k) => key.v(input, env, (kv) => target.v(input, env, (t) => optional(opt, () => index(t, kv), k))),
    p: (input, path, env, k) => key.v(
      input,
      env,
      (kv) => target.p(input, path, env, (t, p) => {
        if (p === null) pathIndexFailure(kv, t);
        return optional(opt, () => index(t, kv), (v) => k(v, [...p, kv]));
      })
    )
  }, oneK && oneT && ((input, env) => {
    const kv = oneK(input, env);
    if (kv === void 0) return void 0;
    const t = oneT(input, env);
    return t === void 0 ? void 0 : optionalOne(opt, () => index(t, kv));
  }));
}
function optionalOne(opt, access) {
  if (!opt) return access();
  try {
    return access();
  } catch (error) {
    if (error instanceof JqRuntimeError) return void 0;
    throw error;
  }
}
function compileSlice(target, from, to, opt) {
  const nullCode = code((_i, _e, k) => k(null));
  const f = from ?? nullCode;
  const t = to ?? nullCode;
  const [oneF, oneTo, oneX] = [from ? from.one : () => null, to ? to.one : () => null, target.one];
  return single({
    v: (input, env, k) => t.v(input, env, (tv) => f.v(input, env, (fv) => target.v(input, env, (x) => optional(opt, () => slice(x, fv, tv), k)))),
    p: (input, path, env, k) => t.v(
      input,
      env,
      (tv) => f.v(
        input,
        env,
        (fv) => target.p(input, path, env, (x, p) => {
          const key = { start: fv, end: tv };
          if (p === null) pathIndexFailure(key, x);
          return optional(opt, () => slice(x, fv, tv), (v) => k(v, [...p, key]));
        })
      )
    )
  }, oneF && oneTo && oneX && ((input, env) => {
    const tv = oneTo(input, env);
    if (tv === void 0) return void 0;
    const fv = oneF(input, env);
    if (fv === void 0) return void 0;
    const x = oneX(input, env);
    return x === void 0 ? void 0 : optionalOne(opt, () => slice(x, fv, tv));
  }));
}
function iterateFailure(t) {
  return fail(`Cannot iterate over ${described(t)}`);
}
function compileIterate(target, opt) {
  return {
    v: (input, env, k) => target.v(input, env, (t) => {
      if (Array.isArray(t)) {
        for (let i = 0; i < t.length; i++) if (k(t[i])) return true;
        return false;
      }
      if (t !== null && typeof t === "object") {
        for (const key in t) if (k(t[key])) return true;
        return false;
      }
      return opt ? false : iterateFailure(t);
    }),
    p: (input, path, env, k) => target.p(input, path, env, (t, p) => {
      if (p === null) fail(`Invalid path expression near attempt to iterate through ${errorText(t, 30)}`);
      if (Array.isArray(t)) {
        for (let i = 0; i < t.length; i++) if (k(t[i], [...p, i])) return true;
        return false;
      }
      if (t !== null && typeof t === "object") {
        for (const key in t) if (k(t[key], [...p, key])) return true;
        return false;
      }
      return opt ? false : iterateFailure(t);
    })
  };
}
var caught = (error) => error.value;
function compileTry(body, handler) {
  const guard = (run3, onError) => {
    try {
      return run3((k) => (...a) => {
        try {
          return k(...a);
        } catch (error) {
          throw new Passthrough(error);
        }
      });
    } catch (error) {
      if (error instanceof Passthrough) throw error.error;
      if (error instanceof JqRuntimeError) return onError(caught(error));
      throw error;
    }
  };
  const [oneB, oneH] = [body.one, handler ? handler.one : () => void 0];
  return single(
    {
      v: (input, env, k) => guard(
        (wrap) => body.v(input, env, wrap(k)),
        (value) => handler ? handler.v(value, env, k) : false
      ),
      p: (input, path, env, k) => guard(
        (wrap) => body.p(input, path, env, wrap(k)),
        (value) => handler ? handler.p(value, null, env, k) : false
      )
    },
    oneB && oneH && ((input, env) => {
      try {
        return oneB(input, env);
      } catch (error) {
        if (error instanceof JqRuntimeError) return oneH(caught(error), env);
        throw error;
      }
    })
  );
}
function compileAlt(left, right) {
  const [oneL, oneR] = [left.one, right.one];
  return single({
    v: (input, env, k) => {
      let any = false;
      const stop = left.v(input, env, (x) => {
        if (!isTruthy(x)) return false;
        any = true;
        return k(x);
      });
      return stop || !any && right.v(input, env, k);
    },
    p: (input, path, env, k) => {
      let any = false;
      const stop = left.p(input, path, env, (x, p) => {
        if (!isTruthy(x)) return false;
        any = true;
        return k(x, p);
      });
      return stop || !any && right.p(input, path, env, k);
    }
  }, oneL && oneR && ((input, env) => {
    const x = oneL(input, env);
    return x !== void 0 && isTruthy(x) ? x : oneR(input, env);
  }));
}
function collectPaths(lhs, input, env) {
  const paths = [];
  lhs.p(input, [], env, (v, p) => {
    if (p === null) notAPath(v);
    paths.push(p);
    return false;
  });
  return paths;
}
function compileAssign(op, lhs, rhs) {
  if (op === "|=") return code((input, env, k) => k(modify(input, collectPaths(lhs, input, env), (old) => firstOf(rhs, old, env))));
  if (op === "=") {
    return code(
      (input, env, k) => rhs.v(input, env, (value) => {
        let out = input;
        for (const p of collectPaths(lhs, input, env)) out = setpath(out, p, value);
        return k(out);
      })
    );
  }
  const arith = op === "//=" ? null : BINARY_OPS[op.slice(0, -1)];
  return code(
    (input, env, k) => rhs.v(input, env, (value) => {
      let out = input;
      for (const p of collectPaths(lhs, input, env)) {
        const old = getpath(out, p);
        out = setpath(out, p, arith ? arith(old, value) : isTruthy(old) ? old : value);
      }
      return k(out);
    })
  );
}
function firstOf(c, input, env) {
  let out;
  c.v(input, env, (x) => {
    out = x;
    return true;
  });
  return out;
}
function modify(input, paths, update) {
  let out = input;
  const deleted = [];
  for (const p of paths) {
    const v = update(getpath(out, p));
    if (v === void 0) deleted.push(p);
    else out = setpath(out, p, v);
  }
  return deleted.length ? delpaths(out, deleted) : out;
}
function compileString(parts, format) {
  const fmt = (v) => format ? applyFormat(format, v) : toText(v);
  const build = (i, suffix, input, env, k) => {
    if (i < 0) return k(suffix);
    const part = parts[i];
    if (typeof part === "string") return build(i - 1, part + suffix, input, env, k);
    return part.v(input, env, (x) => build(i - 1, fmt(x) + suffix, input, env, k));
  };
  const ones = parts.map((part) => typeof part === "string" ? part : part.one);
  const one = ones.every((part) => part !== void 0) ? (input, env) => {
    let suffix = "";
    for (let i = ones.length - 1; i >= 0; i--) {
      const part = ones[i];
      if (typeof part === "string") suffix = part + suffix;
      else {
        const x = part(input, env);
        if (x === void 0) return void 0;
        suffix = fmt(x) + suffix;
      }
    }
    return suffix;
  } : void 0;
  return single(code((input, env, k) => build(parts.length - 1, "", input, env, k)), one);
}
function compileObject(entries) {
  const build = (i, acc, input, env, k) => {
    if (i === entries.length) return k(acc);
    const { key, value } = entries[i];
    return key.v(input, env, (kv) => {
      if (typeof kv !== "string") fail(`Cannot use ${described(kv)} as object key`);
      return value.v(input, env, (vv) => {
        return build(i + 1, setKey({ ...acc }, kv, vv), input, env, k);
      });
    });
  };
  const ones = entries.map(({ key, value }) => key.one && value.one && { key: key.one, value: value.one });
  const one = ones.every((entry) => entry) ? (input, env) => {
    const out = {};
    for (const entry of ones) {
      const kv = entry.key(input, env);
      if (kv === void 0) return void 0;
      if (typeof kv !== "string") fail(`Cannot use ${described(kv)} as object key`);
      const vv = entry.value(input, env);
      if (vv === void 0) return void 0;
      setKey(out, kv, vv);
    }
    return out;
  } : void 0;
  return single(code((input, env, k) => build(0, {}, input, env, k)), one);
}
function compilePattern(pattern, scope) {
  switch (pattern.t) {
    case "var":
      return { bind: (value, _input, env, k) => k(frame(env, value)), scope: push(scope, { kind: "var", name: pattern.name }) };
    case "array": {
      let inner = scope;
      const binds = [];
      for (const item of pattern.items) {
        const compiled = compilePattern(item, inner);
        binds.push(compiled.bind);
        inner = compiled.scope;
      }
      const run3 = (i, value, input, env, k) => {
        if (i === binds.length) return k(env);
        if (value !== null && !Array.isArray(value)) fail(`Cannot index ${described(value).split(" ")[0]} with number`);
        return binds[i](index(value, i), input, env, (e) => run3(i + 1, value, input, e, k));
      };
      return { bind: (value, input, env, k) => run3(0, value, input, env, k), scope: inner };
    }
    case "object": {
      let inner = scope;
      const steps = [];
      for (const entry of pattern.entries) {
        const key = compileAst(entry.key, inner);
        if (entry.bind !== void 0) inner = push(inner, { kind: "var", name: entry.bind });
        let bind = null;
        if (entry.value) {
          const compiled = compilePattern(entry.value, inner);
          bind = compiled.bind;
          inner = compiled.scope;
        }
        steps.push({ key, self: entry.bind !== void 0, bind });
      }
      const run3 = (i, value, input, env, k) => {
        if (i === steps.length) return k(env);
        const step = steps[i];
        return step.key.v(input, env, (kv) => {
          if (typeof kv !== "string") fail(`Cannot index ${described(value).split(" ")[0]} with ${described(kv).split(" ")[0]}`);
          const field = index(value, kv);
          const e = step.self ? frame(env, field) : env;
          if (!step.bind) return run3(i + 1, value, input, e, k);
          return step.bind(field, input, e, (e2) => run3(i + 1, value, input, e2, k));
        });
      };
      return { bind: (value, input, env, k) => run3(0, value, input, env, k), scope: inner };
    }
  }
}
function compileFold(ast, scope) {
  const source = compileAst(ast.source, scope);
  const init = compileAst(ast.init, scope);
  const { bind, scope: inner } = compilePattern(ast.pattern, scope);
  const update = compileAst(ast.update, inner);
  if (ast.t === "reduce") {
    return {
      v: (input, env, k) => init.v(input, env, (start) => {
        let acc = start;
        source.v(
          input,
          env,
          (x) => bind(x, input, env, (e) => {
            let last = null;
            update.v(acc, e, (y) => {
              last = y;
              return false;
            });
            acc = last;
            return false;
          })
        );
        return k(acc);
      }),
      p: (input, path, env, k) => init.p(input, path, env, (start, startPath) => {
        let acc = start;
        let accPath = startPath;
        source.v(
          input,
          env,
          (x) => bind(x, input, env, (e) => {
            let last = null;
            let lastPath = null;
            update.p(acc, accPath, e, (y, p) => {
              last = y;
              lastPath = p;
              return false;
            });
            acc = last;
            accPath = lastPath;
            return false;
          })
        );
        return k(acc, accPath);
      })
    };
  }
  const extract = ast.extract ? compileAst(ast.extract, inner) : null;
  return {
    v: (input, env, k) => init.v(input, env, (start) => {
      let acc = start;
      return source.v(
        input,
        env,
        (x) => bind(
          x,
          input,
          env,
          (e) => update.v(acc, e, (y) => {
            acc = y;
            return extract ? extract.v(y, e, k) : k(y);
          })
        )
      );
    }),
    p: (input, path, env, k) => init.p(input, path, env, (start, startPath) => {
      let acc = start;
      let accPath = startPath;
      return source.v(
        input,
        env,
        (x) => bind(
          x,
          input,
          env,
          (e) => update.p(acc, accPath, e, (y, p) => {
            acc = y;
            accPath = p;
            return extract ? extract.p(y, p, e, k) : k(y, p);
          })
        )
      );
    })
  };
}
function compileDef(def, scope) {
  if (breaksOut(def.body, /* @__PURE__ */ new Set())) throw new JqUnsupportedError("break out of a function body");
  const info = { code: void 0 };
  const self2 = push(scope, { kind: "func", name: def.name, arity: def.params.length, fn: info });
  let bodyScope = self2;
  for (const param of def.params) bodyScope = push(bodyScope, { kind: "param", name: param.replace(/^\$/, "") });
  let body = def.body;
  for (let i = def.params.length - 1; i >= 0; i--) {
    const param = def.params[i];
    if (param.startsWith("$")) body = { t: "bind", source: { t: "call", name: param.slice(1), args: [] }, patterns: [{ t: "var", name: param.slice(1) }], body };
  }
  info.code = compileAst(body, bodyScope);
  return { scope: self2, make: (env) => frame(env, info) };
}
function compileBuiltinDef(def) {
  let make;
  return (args) => {
    make ??= compileDef(def, null).make;
    const self2 = make(null);
    const body = self2.v.code;
    const enter = (env) => {
      let e = self2;
      for (const a of args) e = frame(e, { code: a, env });
      return e;
    };
    return {
      v: (input, env, k) => body.v(input, enter(env), k),
      p: (input, path, env, k) => body.p(input, path, enter(env), k)
    };
  };
}
function compileCall(name, args, scope) {
  let depth = 0;
  for (let s = scope; s; s = s.up, depth++) {
    const b = s.b;
    if (b.kind === "param" && b.name === name && args.length === 0) {
      const d = depth;
      return {
        v: (input, env, k) => {
          const c = lookup(env, d);
          return c.code.v(input, c.env, k);
        },
        p: (input, path, env, k) => {
          const c = lookup(env, d);
          return c.code.p(input, path, c.env, k);
        }
      };
    }
    if (b.kind === "func" && b.name === name && b.arity === args.length) {
      const d = depth;
      const info = b.fn;
      const argCodes = args.map((a) => compileAst(a, scope));
      const enter = (env) => {
        let e = frameAt(env, d);
        for (const a of argCodes) e = frame(e, { code: a, env });
        return e;
      };
      return {
        v: (input, env, k) => info.code.v(input, enter(env), k),
        p: (input, path, env, k) => info.code.p(input, path, enter(env), k)
      };
    }
  }
  const native = lookupBuiltin(name, args.length);
  if (!native) throw new JqSyntaxError(`${name}/${args.length} is not defined`);
  return native(args.map((a) => compileAst(a, scope)));
}
function frameAt(env, depth) {
  let e = env;
  for (let i = 0; i < depth; i++) e = e.up;
  return e;
}
function compileProgram(source, vars) {
  let scope = null;
  for (const name of vars) scope = push(scope, { kind: "var", name });
  return compileAst(parse(source), scope);
}
function compileJq(source, options = {}) {
  const names = options.vars ?? [];
  const program = compileProgram(source, names);
  const one = program.one;
  const envOf = (vars) => {
    let env = null;
    for (const name of names) env = frame(env, vars && Object.hasOwn(vars, name) ? vars[name] : null);
    return env;
  };
  return {
    all(input, vars) {
      const out = [];
      run2(
        () => program.v(input, envOf(vars), (x) => {
          out.push(x);
          return false;
        })
      );
      return out;
    },
    first(input, vars) {
      if (one) {
        let out2;
        run2(() => {
          out2 = one(input, envOf(vars));
          return true;
        });
        return out2;
      }
      let out;
      run2(
        () => program.v(input, envOf(vars), (x) => {
          out = x;
          return true;
        })
      );
      return out;
    }
  };
}
function run2(f) {
  forgetComputed();
  try {
    f();
  } catch (error) {
    if (error instanceof RangeError) throw new JqRuntimeError("jq: stack overflow");
    throw error;
  }
}

// src/mapping/expression.ts
var selected = "compiled";
var mappingEngine = () => selected;
function compileExpression(field, source, program, engine) {
  const expression = { field, source, program };
  if (engine === "jq-web") return { ...expression, fallback: "jq-web engine selected" };
  try {
    return { ...expression, native: compileJq(program) };
  } catch (error) {
    if (error instanceof JqUnsupportedError) return { ...expression, fallback: error.feature };
    if (error instanceof JqSyntaxError) return { ...expression, fallback: `compiler refused it: ${error.message}` };
    throw error;
  }
}
function evaluate(native, input) {
  try {
    const value = native.first(input);
    return [value === void 0 ? null : value];
  } catch (error) {
    return failure2(error);
  }
}
function evaluateInto(native, input, into, index2) {
  try {
    const value = native.first(input);
    into.values[index2] = value === void 0 ? null : value;
    into.errors[index2] = void 0;
  } catch (error) {
    into.values[index2] = null;
    into.errors[index2] = failure2(error);
  }
}
function failure2(error) {
  if (error instanceof JqRuntimeError) return typeof error.value === "string" ? error.value : JSON.stringify(error.value);
  return error instanceof Error ? error.message : String(error);
}

// src/mapping/hash.ts
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== void 0).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// src/vendor/jq.js
var jq = /* @__PURE__ */ (() => {
  var _scriptName = void 0;
  return (async function(moduleArg = {}) {
    var moduleRtn;
    var Module = moduleArg;
    var readyPromiseResolve, readyPromiseReject;
    var readyPromise = new Promise((resolve, reject) => {
      readyPromiseResolve = resolve;
      readyPromiseReject = reject;
    });
    var ENVIRONMENT_IS_WEB = false;
    var ENVIRONMENT_IS_WORKER = false;
    var ENVIRONMENT_IS_NODE = false;
    var ENVIRONMENT_IS_SHELL = true;
    if (ENVIRONMENT_IS_NODE) {
    }
    var outBuffer;
    var errBuffer;
    const utf8Encoder = new TextEncoder();
    Module = Object.assign(
      {
        noInitialRun: true,
        noExitRuntime: false,
        FS,
        preRun: function() {
          FS.init(
            function input() {
              throw "should not happen";
            },
            function output(c) {
              if (c) outBuffer.push(c);
            },
            function error(c) {
              if (c) errBuffer.push(c);
            }
          );
        }
      },
      Module
    );
    var moduleOverrides = Object.assign({}, Module);
    var arguments_ = [];
    var thisProgram = "./this.program";
    var quit_ = (status, toThrow) => {
      throw toThrow;
    };
    var scriptDirectory = "";
    function locateFile(path) {
      if (Module["locateFile"]) {
        return Module["locateFile"](path, scriptDirectory);
      }
      return scriptDirectory + path;
    }
    var readAsync, readBinary;
    if (false) {
      var fs = null;
      var nodePath = null;
      scriptDirectory = __dirname + "/";
      readBinary = (filename) => {
        filename = isFileURI(filename) ? new URL(filename) : filename;
        var ret = fs.readFileSync(filename);
        return ret;
      };
      readAsync = async (filename, binary = true) => {
        filename = isFileURI(filename) ? new URL(filename) : filename;
        var ret = fs.readFileSync(filename, binary ? void 0 : "utf8");
        return ret;
      };
      if (!Module["thisProgram"] && process.argv.length > 1) {
        thisProgram = process.argv[1].replace(/\\/g, "/");
      }
      arguments_ = process.argv.slice(2);
      quit_ = (status, toThrow) => {
        process.exitCode = status;
        throw toThrow;
      };
    } else if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
      if (ENVIRONMENT_IS_WORKER) {
        scriptDirectory = self.location.href;
      } else if (typeof document != "undefined" && document.currentScript) {
        scriptDirectory = document.currentScript.src;
      }
      if (_scriptName) {
        scriptDirectory = _scriptName;
      }
      if (scriptDirectory.startsWith("blob:")) {
        scriptDirectory = "";
      } else {
        scriptDirectory = scriptDirectory.slice(0, scriptDirectory.replace(/[?#].*/, "").lastIndexOf("/") + 1);
      }
      {
        if (ENVIRONMENT_IS_WORKER) {
          readBinary = (url) => {
            var xhr = new XMLHttpRequest();
            xhr.open("GET", url, false);
            xhr.responseType = "arraybuffer";
            xhr.send(null);
            return new Uint8Array(
              /** @type{!ArrayBuffer} */
              xhr.response
            );
          };
        }
        readAsync = async (url) => {
          if (isFileURI(url)) {
            return new Promise((resolve, reject) => {
              var xhr = new XMLHttpRequest();
              xhr.open("GET", url, true);
              xhr.responseType = "arraybuffer";
              xhr.onload = () => {
                if (xhr.status == 200 || xhr.status == 0 && xhr.response) {
                  resolve(xhr.response);
                  return;
                }
                reject(xhr.status);
              };
              xhr.onerror = reject;
              xhr.send(null);
            });
          }
          var response = await fetch(url, { credentials: "same-origin" });
          if (response.ok) {
            return response.arrayBuffer();
          }
          throw new Error(response.status + " : " + response.url);
        };
      }
    } else {
    }
    var out = Module["print"] || console.log.bind(console);
    var err = Module["printErr"] || console.error.bind(console);
    Object.assign(Module, moduleOverrides);
    moduleOverrides = null;
    if (Module["arguments"]) arguments_ = Module["arguments"];
    if (Module["thisProgram"]) thisProgram = Module["thisProgram"];
    var wasmBinary = Module["wasmBinary"];
    var wasmMemory;
    var ABORT = false;
    var EXITSTATUS;
    function assert(condition, text) {
      if (!condition) {
        abort(text);
      }
    }
    var HEAP, HEAP8, HEAPU8, HEAP16, HEAPU16, HEAP32, HEAPU32, HEAPF32, HEAP64, HEAPU64, HEAPF64;
    var runtimeInitialized = false;
    var isFileURI = (filename) => filename.startsWith("file://");
    function updateMemoryViews() {
      var b = wasmMemory.buffer;
      Module["HEAP8"] = HEAP8 = new Int8Array(b);
      Module["HEAP16"] = HEAP16 = new Int16Array(b);
      Module["HEAPU8"] = HEAPU8 = new Uint8Array(b);
      Module["HEAPU16"] = HEAPU16 = new Uint16Array(b);
      Module["HEAP32"] = HEAP32 = new Int32Array(b);
      Module["HEAPU32"] = HEAPU32 = new Uint32Array(b);
      Module["HEAPF32"] = HEAPF32 = new Float32Array(b);
      Module["HEAPF64"] = HEAPF64 = new Float64Array(b);
      Module["HEAP64"] = HEAP64 = new BigInt64Array(b);
      Module["HEAPU64"] = HEAPU64 = new BigUint64Array(b);
    }
    function preRun() {
      if (Module["preRun"]) {
        if (typeof Module["preRun"] == "function") Module["preRun"] = [Module["preRun"]];
        while (Module["preRun"].length) {
          addOnPreRun(Module["preRun"].shift());
        }
      }
      callRuntimeCallbacks(onPreRuns);
    }
    function initRuntime() {
      runtimeInitialized = true;
      if (!Module["noFSInit"] && !FS.initialized) FS.init();
      TTY.init();
      wasmExports["__wasm_call_ctors"]();
      FS.ignorePermissions = false;
    }
    function preMain() {
    }
    function postRun() {
      if (Module["postRun"]) {
        if (typeof Module["postRun"] == "function") Module["postRun"] = [Module["postRun"]];
        while (Module["postRun"].length) {
          addOnPostRun(Module["postRun"].shift());
        }
      }
      callRuntimeCallbacks(onPostRuns);
    }
    var runDependencies = 0;
    var dependenciesFulfilled = null;
    function getUniqueRunDependency(id) {
      return id;
    }
    function addRunDependency(id) {
      runDependencies++;
      Module["monitorRunDependencies"]?.(runDependencies);
    }
    function removeRunDependency(id) {
      runDependencies--;
      Module["monitorRunDependencies"]?.(runDependencies);
      if (runDependencies == 0) {
        if (dependenciesFulfilled) {
          var callback = dependenciesFulfilled;
          dependenciesFulfilled = null;
          callback();
        }
      }
    }
    function abort(what) {
      Module["onAbort"]?.(what);
      what = "Aborted(" + what + ")";
      err(what);
      ABORT = true;
      what += ". Build with -sASSERTIONS for more info.";
      var e = new WebAssembly.RuntimeError(what);
      readyPromiseReject(e);
      throw e;
    }
    var wasmBinaryFile;
    function findWasmBinary() {
      return locateFile("jq.wasm");
    }
    function getBinarySync(file) {
      if (file == wasmBinaryFile && wasmBinary) {
        return new Uint8Array(wasmBinary);
      }
      if (readBinary) {
        return readBinary(file);
      }
      throw "both async and sync fetching of the wasm failed";
    }
    async function getWasmBinary(binaryFile) {
      if (!wasmBinary) {
        try {
          var response = await readAsync(binaryFile);
          return new Uint8Array(response);
        } catch {
        }
      }
      return getBinarySync(binaryFile);
    }
    async function instantiateArrayBuffer(binaryFile, imports) {
      try {
        var binary = await getWasmBinary(binaryFile);
        var instance2 = await WebAssembly.instantiate(binary, imports);
        return instance2;
      } catch (reason) {
        err(`failed to asynchronously prepare wasm: ${reason}`);
        abort(reason);
      }
    }
    async function instantiateAsync(binary, binaryFile, imports) {
      if (!binary && typeof WebAssembly.instantiateStreaming == "function" && !isFileURI(binaryFile) && !ENVIRONMENT_IS_NODE) {
        try {
          var response = fetch(binaryFile, { credentials: "same-origin" });
          var instantiationResult = await WebAssembly.instantiateStreaming(response, imports);
          return instantiationResult;
        } catch (reason) {
          err(`wasm streaming compile failed: ${reason}`);
          err("falling back to ArrayBuffer instantiation");
        }
        ;
      }
      return instantiateArrayBuffer(binaryFile, imports);
    }
    function getWasmImports() {
      return {
        "env": wasmImports,
        "wasi_snapshot_preview1": wasmImports
      };
    }
    async function createWasm() {
      function receiveInstance(instance2, module) {
        wasmExports = instance2.exports;
        wasmMemory = wasmExports["memory"];
        updateMemoryViews();
        wasmTable = wasmExports["__indirect_function_table"];
        removeRunDependency("wasm-instantiate");
        return wasmExports;
      }
      addRunDependency("wasm-instantiate");
      function receiveInstantiationResult(result2) {
        return receiveInstance(result2["instance"]);
      }
      var info = getWasmImports();
      if (Module["instantiateWasm"]) {
        return new Promise((resolve, reject) => {
          Module["instantiateWasm"](info, (mod, inst) => {
            receiveInstance(mod, inst);
            resolve(mod.exports);
          });
        });
      }
      wasmBinaryFile ??= findWasmBinary();
      try {
        var result = await instantiateAsync(wasmBinary, wasmBinaryFile, info);
        var exports = receiveInstantiationResult(result);
        return exports;
      } catch (e) {
        readyPromiseReject(e);
        return Promise.reject(e);
      }
    }
    class ExitStatus {
      name = "ExitStatus";
      constructor(status) {
        this.message = `Program terminated with exit(${status})`;
        this.status = status;
      }
    }
    var callRuntimeCallbacks = (callbacks) => {
      while (callbacks.length > 0) {
        callbacks.shift()(Module);
      }
    };
    var onPostRuns = [];
    var addOnPostRun = (cb) => onPostRuns.unshift(cb);
    var onPreRuns = [];
    var addOnPreRun = (cb) => onPreRuns.unshift(cb);
    function getValue(ptr, type = "i8") {
      if (type.endsWith("*")) type = "*";
      switch (type) {
        case "i1":
          return HEAP8[ptr];
        case "i8":
          return HEAP8[ptr];
        case "i16":
          return HEAP16[ptr >> 1];
        case "i32":
          return HEAP32[ptr >> 2];
        case "i64":
          return HEAP64[ptr >> 3];
        case "float":
          return HEAPF32[ptr >> 2];
        case "double":
          return HEAPF64[ptr >> 3];
        case "*":
          return HEAPU32[ptr >> 2];
        default:
          abort(`invalid type for getValue: ${type}`);
      }
    }
    var noExitRuntime = Module["noExitRuntime"] || true;
    function setValue(ptr, value, type = "i8") {
      if (type.endsWith("*")) type = "*";
      switch (type) {
        case "i1":
          HEAP8[ptr] = value;
          break;
        case "i8":
          HEAP8[ptr] = value;
          break;
        case "i16":
          HEAP16[ptr >> 1] = value;
          break;
        case "i32":
          HEAP32[ptr >> 2] = value;
          break;
        case "i64":
          HEAP64[ptr >> 3] = BigInt(value);
          break;
        case "float":
          HEAPF32[ptr >> 2] = value;
          break;
        case "double":
          HEAPF64[ptr >> 3] = value;
          break;
        case "*":
          HEAPU32[ptr >> 2] = value;
          break;
        default:
          abort(`invalid type for setValue: ${type}`);
      }
    }
    var stackRestore = (val) => __emscripten_stack_restore(val);
    var stackSave = () => _emscripten_stack_get_current();
    var UTF8Decoder = typeof TextDecoder != "undefined" ? new TextDecoder() : void 0;
    var UTF8ArrayToString = (heapOrArray, idx = 0, maxBytesToRead = NaN) => {
      var endIdx = idx + maxBytesToRead;
      var endPtr = idx;
      while (heapOrArray[endPtr] && !(endPtr >= endIdx)) ++endPtr;
      if (endPtr - idx > 16 && heapOrArray.buffer && UTF8Decoder) {
        return UTF8Decoder.decode(heapOrArray.subarray(idx, endPtr));
      }
      var str = "";
      while (idx < endPtr) {
        var u0 = heapOrArray[idx++];
        if (!(u0 & 128)) {
          str += String.fromCharCode(u0);
          continue;
        }
        var u1 = heapOrArray[idx++] & 63;
        if ((u0 & 224) == 192) {
          str += String.fromCharCode((u0 & 31) << 6 | u1);
          continue;
        }
        var u2 = heapOrArray[idx++] & 63;
        if ((u0 & 240) == 224) {
          u0 = (u0 & 15) << 12 | u1 << 6 | u2;
        } else {
          u0 = (u0 & 7) << 18 | u1 << 12 | u2 << 6 | heapOrArray[idx++] & 63;
        }
        if (u0 < 65536) {
          str += String.fromCharCode(u0);
        } else {
          var ch = u0 - 65536;
          str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
        }
      }
      return str;
    };
    var UTF8ToString = (ptr, maxBytesToRead) => {
      return ptr ? UTF8ArrayToString(HEAPU8, ptr, maxBytesToRead) : "";
    };
    var ___assert_fail = (condition, filename, line, func) => abort(`Assertion failed: ${UTF8ToString(condition)}, at: ` + [filename ? UTF8ToString(filename) : "unknown filename", line, func ? UTF8ToString(func) : "unknown function"]);
    var wasmTableMirror = [];
    var wasmTable;
    var getWasmTableEntry = (funcPtr) => {
      var func = wasmTableMirror[funcPtr];
      if (!func) {
        if (funcPtr >= wasmTableMirror.length) wasmTableMirror.length = funcPtr + 1;
        wasmTableMirror[funcPtr] = func = wasmTable.get(funcPtr);
      }
      return func;
    };
    var ___call_sighandler = (fp, sig) => getWasmTableEntry(fp)(sig);
    var syscallGetVarargI = () => {
      var ret = HEAP32[+SYSCALLS.varargs >> 2];
      SYSCALLS.varargs += 4;
      return ret;
    };
    var syscallGetVarargP = syscallGetVarargI;
    var PATH = {
      isAbs: (path) => path.charAt(0) === "/",
      splitPath: (filename) => {
        var splitPathRe = /^(\/?|)([\s\S]*?)((?:\.{1,2}|[^\/]+?|)(\.[^.\/]*|))(?:[\/]*)$/;
        return splitPathRe.exec(filename).slice(1);
      },
      normalizeArray: (parts, allowAboveRoot) => {
        var up = 0;
        for (var i = parts.length - 1; i >= 0; i--) {
          var last = parts[i];
          if (last === ".") {
            parts.splice(i, 1);
          } else if (last === "..") {
            parts.splice(i, 1);
            up++;
          } else if (up) {
            parts.splice(i, 1);
            up--;
          }
        }
        if (allowAboveRoot) {
          for (; up; up--) {
            parts.unshift("..");
          }
        }
        return parts;
      },
      normalize: (path) => {
        var isAbsolute = PATH.isAbs(path), trailingSlash = path.slice(-1) === "/";
        path = PATH.normalizeArray(path.split("/").filter((p) => !!p), !isAbsolute).join("/");
        if (!path && !isAbsolute) {
          path = ".";
        }
        if (path && trailingSlash) {
          path += "/";
        }
        return (isAbsolute ? "/" : "") + path;
      },
      dirname: (path) => {
        var result = PATH.splitPath(path), root = result[0], dir = result[1];
        if (!root && !dir) {
          return ".";
        }
        if (dir) {
          dir = dir.slice(0, -1);
        }
        return root + dir;
      },
      basename: (path) => path && path.match(/([^\/]+|\/)\/*$/)[1],
      join: (...paths) => PATH.normalize(paths.join("/")),
      join2: (l, r) => PATH.normalize(l + "/" + r)
    };
    var initRandomFill = () => {
      if (false) {
        var nodeCrypto = null;
        return (view) => nodeCrypto.randomFillSync(view);
      }
      return (view) => crypto.getRandomValues(view);
    };
    var randomFill = (view) => {
      (randomFill = initRandomFill())(view);
    };
    var PATH_FS = {
      resolve: (...args) => {
        var resolvedPath = "", resolvedAbsolute = false;
        for (var i = args.length - 1; i >= -1 && !resolvedAbsolute; i--) {
          var path = i >= 0 ? args[i] : FS.cwd();
          if (typeof path != "string") {
            throw new TypeError("Arguments to path.resolve must be strings");
          } else if (!path) {
            return "";
          }
          resolvedPath = path + "/" + resolvedPath;
          resolvedAbsolute = PATH.isAbs(path);
        }
        resolvedPath = PATH.normalizeArray(resolvedPath.split("/").filter((p) => !!p), !resolvedAbsolute).join("/");
        return (resolvedAbsolute ? "/" : "") + resolvedPath || ".";
      },
      relative: (from, to) => {
        from = PATH_FS.resolve(from).slice(1);
        to = PATH_FS.resolve(to).slice(1);
        function trim(arr) {
          var start = 0;
          for (; start < arr.length; start++) {
            if (arr[start] !== "") break;
          }
          var end = arr.length - 1;
          for (; end >= 0; end--) {
            if (arr[end] !== "") break;
          }
          if (start > end) return [];
          return arr.slice(start, end - start + 1);
        }
        var fromParts = trim(from.split("/"));
        var toParts = trim(to.split("/"));
        var length2 = Math.min(fromParts.length, toParts.length);
        var samePartsLength = length2;
        for (var i = 0; i < length2; i++) {
          if (fromParts[i] !== toParts[i]) {
            samePartsLength = i;
            break;
          }
        }
        var outputParts = [];
        for (var i = samePartsLength; i < fromParts.length; i++) {
          outputParts.push("..");
        }
        outputParts = outputParts.concat(toParts.slice(samePartsLength));
        return outputParts.join("/");
      }
    };
    var FS_stdin_getChar_buffer = [];
    var lengthBytesUTF8 = (str) => {
      var len = 0;
      for (var i = 0; i < str.length; ++i) {
        var c = str.charCodeAt(i);
        if (c <= 127) {
          len++;
        } else if (c <= 2047) {
          len += 2;
        } else if (c >= 55296 && c <= 57343) {
          len += 4;
          ++i;
        } else {
          len += 3;
        }
      }
      return len;
    };
    var stringToUTF8Array = (str, heap, outIdx, maxBytesToWrite) => {
      if (!(maxBytesToWrite > 0))
        return 0;
      var startIdx = outIdx;
      var endIdx = outIdx + maxBytesToWrite - 1;
      for (var i = 0; i < str.length; ++i) {
        var u = str.charCodeAt(i);
        if (u >= 55296 && u <= 57343) {
          var u1 = str.charCodeAt(++i);
          u = 65536 + ((u & 1023) << 10) | u1 & 1023;
        }
        if (u <= 127) {
          if (outIdx >= endIdx) break;
          heap[outIdx++] = u;
        } else if (u <= 2047) {
          if (outIdx + 1 >= endIdx) break;
          heap[outIdx++] = 192 | u >> 6;
          heap[outIdx++] = 128 | u & 63;
        } else if (u <= 65535) {
          if (outIdx + 2 >= endIdx) break;
          heap[outIdx++] = 224 | u >> 12;
          heap[outIdx++] = 128 | u >> 6 & 63;
          heap[outIdx++] = 128 | u & 63;
        } else {
          if (outIdx + 3 >= endIdx) break;
          heap[outIdx++] = 240 | u >> 18;
          heap[outIdx++] = 128 | u >> 12 & 63;
          heap[outIdx++] = 128 | u >> 6 & 63;
          heap[outIdx++] = 128 | u & 63;
        }
      }
      heap[outIdx] = 0;
      return outIdx - startIdx;
    };
    var intArrayFromString = (stringy, dontAddNull, length2) => {
      var len = length2 > 0 ? length2 : lengthBytesUTF8(stringy) + 1;
      var u8array = new Array(len);
      var numBytesWritten = stringToUTF8Array(stringy, u8array, 0, u8array.length);
      if (dontAddNull) u8array.length = numBytesWritten;
      return u8array;
    };
    var FS_stdin_getChar = () => {
      if (!FS_stdin_getChar_buffer.length) {
        var result = null;
        if (false) {
          var BUFSIZE = 256;
          var buf = Buffer.alloc(BUFSIZE);
          var bytesRead = 0;
          var fd = process.stdin.fd;
          try {
            bytesRead = fs.readSync(fd, buf, 0, BUFSIZE);
          } catch (e) {
            if (e.toString().includes("EOF")) bytesRead = 0;
            else throw e;
          }
          if (bytesRead > 0) {
            result = buf.slice(0, bytesRead).toString("utf-8");
          }
        } else if (typeof window != "undefined" && typeof window.prompt == "function") {
          result = window.prompt("Input: ");
          if (result !== null) {
            result += "\n";
          }
        } else {
        }
        if (!result) {
          return null;
        }
        FS_stdin_getChar_buffer = intArrayFromString(result, true);
      }
      return FS_stdin_getChar_buffer.shift();
    };
    var TTY = {
      ttys: [],
      init() {
      },
      shutdown() {
      },
      register(dev, ops) {
        TTY.ttys[dev] = { input: [], output: [], ops };
        FS.registerDevice(dev, TTY.stream_ops);
      },
      stream_ops: {
        open(stream) {
          var tty = TTY.ttys[stream.node.rdev];
          if (!tty) {
            throw new FS.ErrnoError(43);
          }
          stream.tty = tty;
          stream.seekable = false;
        },
        close(stream) {
          stream.tty.ops.fsync(stream.tty);
        },
        fsync(stream) {
          stream.tty.ops.fsync(stream.tty);
        },
        read(stream, buffer, offset, length2, pos) {
          if (!stream.tty || !stream.tty.ops.get_char) {
            throw new FS.ErrnoError(60);
          }
          var bytesRead = 0;
          for (var i = 0; i < length2; i++) {
            var result;
            try {
              result = stream.tty.ops.get_char(stream.tty);
            } catch (e) {
              throw new FS.ErrnoError(29);
            }
            if (result === void 0 && bytesRead === 0) {
              throw new FS.ErrnoError(6);
            }
            if (result === null || result === void 0) break;
            bytesRead++;
            buffer[offset + i] = result;
          }
          if (bytesRead) {
            stream.node.atime = Date.now();
          }
          return bytesRead;
        },
        write(stream, buffer, offset, length2, pos) {
          if (!stream.tty || !stream.tty.ops.put_char) {
            throw new FS.ErrnoError(60);
          }
          try {
            for (var i = 0; i < length2; i++) {
              stream.tty.ops.put_char(stream.tty, buffer[offset + i]);
            }
          } catch (e) {
            throw new FS.ErrnoError(29);
          }
          if (length2) {
            stream.node.mtime = stream.node.ctime = Date.now();
          }
          return i;
        }
      },
      default_tty_ops: {
        get_char(tty) {
          return FS_stdin_getChar();
        },
        put_char(tty, val) {
          if (val === null || val === 10) {
            out(UTF8ArrayToString(tty.output));
            tty.output = [];
          } else {
            if (val != 0) tty.output.push(val);
          }
        },
        fsync(tty) {
          if (tty.output?.length > 0) {
            out(UTF8ArrayToString(tty.output));
            tty.output = [];
          }
        },
        ioctl_tcgets(tty) {
          return {
            c_iflag: 25856,
            c_oflag: 5,
            c_cflag: 191,
            c_lflag: 35387,
            c_cc: [
              3,
              28,
              127,
              21,
              4,
              0,
              1,
              0,
              17,
              19,
              26,
              0,
              18,
              15,
              23,
              22,
              0,
              0,
              0,
              0,
              0,
              0,
              0,
              0,
              0,
              0,
              0,
              0,
              0,
              0,
              0,
              0
            ]
          };
        },
        ioctl_tcsets(tty, optional_actions, data) {
          return 0;
        },
        ioctl_tiocgwinsz(tty) {
          return [24, 80];
        }
      },
      default_tty1_ops: {
        put_char(tty, val) {
          if (val === null || val === 10) {
            err(UTF8ArrayToString(tty.output));
            tty.output = [];
          } else {
            if (val != 0) tty.output.push(val);
          }
        },
        fsync(tty) {
          if (tty.output?.length > 0) {
            err(UTF8ArrayToString(tty.output));
            tty.output = [];
          }
        }
      }
    };
    var zeroMemory = (address, size) => {
      HEAPU8.fill(0, address, address + size);
    };
    var alignMemory = (size, alignment) => {
      return Math.ceil(size / alignment) * alignment;
    };
    var mmapAlloc = (size) => {
      abort();
    };
    var MEMFS = {
      ops_table: null,
      mount(mount) {
        return MEMFS.createNode(null, "/", 16895, 0);
      },
      createNode(parent, name, mode, dev) {
        if (FS.isBlkdev(mode) || FS.isFIFO(mode)) {
          throw new FS.ErrnoError(63);
        }
        MEMFS.ops_table ||= {
          dir: {
            node: {
              getattr: MEMFS.node_ops.getattr,
              setattr: MEMFS.node_ops.setattr,
              lookup: MEMFS.node_ops.lookup,
              mknod: MEMFS.node_ops.mknod,
              rename: MEMFS.node_ops.rename,
              unlink: MEMFS.node_ops.unlink,
              rmdir: MEMFS.node_ops.rmdir,
              readdir: MEMFS.node_ops.readdir,
              symlink: MEMFS.node_ops.symlink
            },
            stream: {
              llseek: MEMFS.stream_ops.llseek
            }
          },
          file: {
            node: {
              getattr: MEMFS.node_ops.getattr,
              setattr: MEMFS.node_ops.setattr
            },
            stream: {
              llseek: MEMFS.stream_ops.llseek,
              read: MEMFS.stream_ops.read,
              write: MEMFS.stream_ops.write,
              allocate: MEMFS.stream_ops.allocate,
              mmap: MEMFS.stream_ops.mmap,
              msync: MEMFS.stream_ops.msync
            }
          },
          link: {
            node: {
              getattr: MEMFS.node_ops.getattr,
              setattr: MEMFS.node_ops.setattr,
              readlink: MEMFS.node_ops.readlink
            },
            stream: {}
          },
          chrdev: {
            node: {
              getattr: MEMFS.node_ops.getattr,
              setattr: MEMFS.node_ops.setattr
            },
            stream: FS.chrdev_stream_ops
          }
        };
        var node = FS.createNode(parent, name, mode, dev);
        if (FS.isDir(node.mode)) {
          node.node_ops = MEMFS.ops_table.dir.node;
          node.stream_ops = MEMFS.ops_table.dir.stream;
          node.contents = {};
        } else if (FS.isFile(node.mode)) {
          node.node_ops = MEMFS.ops_table.file.node;
          node.stream_ops = MEMFS.ops_table.file.stream;
          node.usedBytes = 0;
          node.contents = null;
        } else if (FS.isLink(node.mode)) {
          node.node_ops = MEMFS.ops_table.link.node;
          node.stream_ops = MEMFS.ops_table.link.stream;
        } else if (FS.isChrdev(node.mode)) {
          node.node_ops = MEMFS.ops_table.chrdev.node;
          node.stream_ops = MEMFS.ops_table.chrdev.stream;
        }
        node.atime = node.mtime = node.ctime = Date.now();
        if (parent) {
          parent.contents[name] = node;
          parent.atime = parent.mtime = parent.ctime = node.atime;
        }
        return node;
      },
      getFileDataAsTypedArray(node) {
        if (!node.contents) return new Uint8Array(0);
        if (node.contents.subarray) return node.contents.subarray(0, node.usedBytes);
        return new Uint8Array(node.contents);
      },
      expandFileStorage(node, newCapacity) {
        var prevCapacity = node.contents ? node.contents.length : 0;
        if (prevCapacity >= newCapacity) return;
        var CAPACITY_DOUBLING_MAX = 1024 * 1024;
        newCapacity = Math.max(newCapacity, prevCapacity * (prevCapacity < CAPACITY_DOUBLING_MAX ? 2 : 1.125) >>> 0);
        if (prevCapacity != 0) newCapacity = Math.max(newCapacity, 256);
        var oldContents = node.contents;
        node.contents = new Uint8Array(newCapacity);
        if (node.usedBytes > 0) node.contents.set(oldContents.subarray(0, node.usedBytes), 0);
      },
      resizeFileStorage(node, newSize) {
        if (node.usedBytes == newSize) return;
        if (newSize == 0) {
          node.contents = null;
          node.usedBytes = 0;
        } else {
          var oldContents = node.contents;
          node.contents = new Uint8Array(newSize);
          if (oldContents) {
            node.contents.set(oldContents.subarray(0, Math.min(newSize, node.usedBytes)));
          }
          node.usedBytes = newSize;
        }
      },
      node_ops: {
        getattr(node) {
          var attr = {};
          attr.dev = FS.isChrdev(node.mode) ? node.id : 1;
          attr.ino = node.id;
          attr.mode = node.mode;
          attr.nlink = 1;
          attr.uid = 0;
          attr.gid = 0;
          attr.rdev = node.rdev;
          if (FS.isDir(node.mode)) {
            attr.size = 4096;
          } else if (FS.isFile(node.mode)) {
            attr.size = node.usedBytes;
          } else if (FS.isLink(node.mode)) {
            attr.size = node.link.length;
          } else {
            attr.size = 0;
          }
          attr.atime = new Date(node.atime);
          attr.mtime = new Date(node.mtime);
          attr.ctime = new Date(node.ctime);
          attr.blksize = 4096;
          attr.blocks = Math.ceil(attr.size / attr.blksize);
          return attr;
        },
        setattr(node, attr) {
          for (const key of ["mode", "atime", "mtime", "ctime"]) {
            if (attr[key] != null) {
              node[key] = attr[key];
            }
          }
          if (attr.size !== void 0) {
            MEMFS.resizeFileStorage(node, attr.size);
          }
        },
        lookup(parent, name) {
          throw MEMFS.doesNotExistError;
        },
        mknod(parent, name, mode, dev) {
          return MEMFS.createNode(parent, name, mode, dev);
        },
        rename(old_node, new_dir, new_name) {
          var new_node;
          try {
            new_node = FS.lookupNode(new_dir, new_name);
          } catch (e) {
          }
          if (new_node) {
            if (FS.isDir(old_node.mode)) {
              for (var i in new_node.contents) {
                throw new FS.ErrnoError(55);
              }
            }
            FS.hashRemoveNode(new_node);
          }
          delete old_node.parent.contents[old_node.name];
          new_dir.contents[new_name] = old_node;
          old_node.name = new_name;
          new_dir.ctime = new_dir.mtime = old_node.parent.ctime = old_node.parent.mtime = Date.now();
        },
        unlink(parent, name) {
          delete parent.contents[name];
          parent.ctime = parent.mtime = Date.now();
        },
        rmdir(parent, name) {
          var node = FS.lookupNode(parent, name);
          for (var i in node.contents) {
            throw new FS.ErrnoError(55);
          }
          delete parent.contents[name];
          parent.ctime = parent.mtime = Date.now();
        },
        readdir(node) {
          return [".", "..", ...Object.keys(node.contents)];
        },
        symlink(parent, newname, oldpath) {
          var node = MEMFS.createNode(parent, newname, 511 | 40960, 0);
          node.link = oldpath;
          return node;
        },
        readlink(node) {
          if (!FS.isLink(node.mode)) {
            throw new FS.ErrnoError(28);
          }
          return node.link;
        }
      },
      stream_ops: {
        read(stream, buffer, offset, length2, position) {
          var contents = stream.node.contents;
          if (position >= stream.node.usedBytes) return 0;
          var size = Math.min(stream.node.usedBytes - position, length2);
          if (size > 8 && contents.subarray) {
            buffer.set(contents.subarray(position, position + size), offset);
          } else {
            for (var i = 0; i < size; i++) buffer[offset + i] = contents[position + i];
          }
          return size;
        },
        write(stream, buffer, offset, length2, position, canOwn) {
          if (buffer.buffer === HEAP8.buffer) {
            canOwn = false;
          }
          if (!length2) return 0;
          var node = stream.node;
          node.mtime = node.ctime = Date.now();
          if (buffer.subarray && (!node.contents || node.contents.subarray)) {
            if (canOwn) {
              node.contents = buffer.subarray(offset, offset + length2);
              node.usedBytes = length2;
              return length2;
            } else if (node.usedBytes === 0 && position === 0) {
              node.contents = buffer.slice(offset, offset + length2);
              node.usedBytes = length2;
              return length2;
            } else if (position + length2 <= node.usedBytes) {
              node.contents.set(buffer.subarray(offset, offset + length2), position);
              return length2;
            }
          }
          MEMFS.expandFileStorage(node, position + length2);
          if (node.contents.subarray && buffer.subarray) {
            node.contents.set(buffer.subarray(offset, offset + length2), position);
          } else {
            for (var i = 0; i < length2; i++) {
              node.contents[position + i] = buffer[offset + i];
            }
          }
          node.usedBytes = Math.max(node.usedBytes, position + length2);
          return length2;
        },
        llseek(stream, offset, whence) {
          var position = offset;
          if (whence === 1) {
            position += stream.position;
          } else if (whence === 2) {
            if (FS.isFile(stream.node.mode)) {
              position += stream.node.usedBytes;
            }
          }
          if (position < 0) {
            throw new FS.ErrnoError(28);
          }
          return position;
        },
        allocate(stream, offset, length2) {
          MEMFS.expandFileStorage(stream.node, offset + length2);
          stream.node.usedBytes = Math.max(stream.node.usedBytes, offset + length2);
        },
        mmap(stream, length2, position, prot, flags) {
          if (!FS.isFile(stream.node.mode)) {
            throw new FS.ErrnoError(43);
          }
          var ptr;
          var allocated;
          var contents = stream.node.contents;
          if (!(flags & 2) && contents && contents.buffer === HEAP8.buffer) {
            allocated = false;
            ptr = contents.byteOffset;
          } else {
            allocated = true;
            ptr = mmapAlloc(length2);
            if (!ptr) {
              throw new FS.ErrnoError(48);
            }
            if (contents) {
              if (position > 0 || position + length2 < contents.length) {
                if (contents.subarray) {
                  contents = contents.subarray(position, position + length2);
                } else {
                  contents = Array.prototype.slice.call(contents, position, position + length2);
                }
              }
              HEAP8.set(contents, ptr);
            }
          }
          return { ptr, allocated };
        },
        msync(stream, buffer, offset, length2, mmapFlags) {
          MEMFS.stream_ops.write(stream, buffer, 0, length2, offset, false);
          return 0;
        }
      }
    };
    var asyncLoad = async (url) => {
      var arrayBuffer = await readAsync(url);
      return new Uint8Array(arrayBuffer);
    };
    var FS_createDataFile = (parent, name, fileData, canRead, canWrite, canOwn) => {
      FS.createDataFile(parent, name, fileData, canRead, canWrite, canOwn);
    };
    var preloadPlugins = Module["preloadPlugins"] || [];
    var FS_handledByPreloadPlugin = (byteArray, fullname, finish, onerror) => {
      if (typeof Browser != "undefined") Browser.init();
      var handled = false;
      preloadPlugins.forEach((plugin) => {
        if (handled) return;
        if (plugin["canHandle"](fullname)) {
          plugin["handle"](byteArray, fullname, finish, onerror);
          handled = true;
        }
      });
      return handled;
    };
    var FS_createPreloadedFile = (parent, name, url, canRead, canWrite, onload, onerror, dontCreateFile, canOwn, preFinish) => {
      var fullname = name ? PATH_FS.resolve(PATH.join2(parent, name)) : parent;
      var dep = getUniqueRunDependency(`cp ${fullname}`);
      function processData(byteArray) {
        function finish(byteArray2) {
          preFinish?.();
          if (!dontCreateFile) {
            FS_createDataFile(parent, name, byteArray2, canRead, canWrite, canOwn);
          }
          onload?.();
          removeRunDependency(dep);
        }
        if (FS_handledByPreloadPlugin(byteArray, fullname, finish, () => {
          onerror?.();
          removeRunDependency(dep);
        })) {
          return;
        }
        finish(byteArray);
      }
      addRunDependency(dep);
      if (typeof url == "string") {
        asyncLoad(url).then(processData, onerror);
      } else {
        processData(url);
      }
    };
    var FS_modeStringToFlags = (str) => {
      var flagModes = {
        "r": 0,
        "r+": 2,
        "w": 512 | 64 | 1,
        "w+": 512 | 64 | 2,
        "a": 1024 | 64 | 1,
        "a+": 1024 | 64 | 2
      };
      var flags = flagModes[str];
      if (typeof flags == "undefined") {
        throw new Error(`Unknown file open mode: ${str}`);
      }
      return flags;
    };
    var FS_getMode = (canRead, canWrite) => {
      var mode = 0;
      if (canRead) mode |= 292 | 73;
      if (canWrite) mode |= 146;
      return mode;
    };
    var FS = {
      root: null,
      mounts: [],
      devices: {},
      streams: [],
      nextInode: 1,
      nameTable: null,
      currentPath: "/",
      initialized: false,
      ignorePermissions: true,
      filesystems: null,
      syncFSRequests: 0,
      readFiles: {},
      ErrnoError: class {
        name = "ErrnoError";
        // We set the `name` property to be able to identify `FS.ErrnoError`
        // - the `name` is a standard ECMA-262 property of error objects. Kind of good to have it anyway.
        // - when using PROXYFS, an error can come from an underlying FS
        // as different FS objects have their own FS.ErrnoError each,
        // the test `err instanceof FS.ErrnoError` won't detect an error coming from another filesystem, causing bugs.
        // we'll use the reliable test `err.name == "ErrnoError"` instead
        constructor(errno) {
          this.errno = errno;
        }
      },
      FSStream: class {
        shared = {};
        get object() {
          return this.node;
        }
        set object(val) {
          this.node = val;
        }
        get isRead() {
          return (this.flags & 2097155) !== 1;
        }
        get isWrite() {
          return (this.flags & 2097155) !== 0;
        }
        get isAppend() {
          return this.flags & 1024;
        }
        get flags() {
          return this.shared.flags;
        }
        set flags(val) {
          this.shared.flags = val;
        }
        get position() {
          return this.shared.position;
        }
        set position(val) {
          this.shared.position = val;
        }
      },
      FSNode: class {
        node_ops = {};
        stream_ops = {};
        readMode = 292 | 73;
        writeMode = 146;
        mounted = null;
        constructor(parent, name, mode, rdev) {
          if (!parent) {
            parent = this;
          }
          this.parent = parent;
          this.mount = parent.mount;
          this.id = FS.nextInode++;
          this.name = name;
          this.mode = mode;
          this.rdev = rdev;
          this.atime = this.mtime = this.ctime = Date.now();
        }
        get read() {
          return (this.mode & this.readMode) === this.readMode;
        }
        set read(val) {
          val ? this.mode |= this.readMode : this.mode &= ~this.readMode;
        }
        get write() {
          return (this.mode & this.writeMode) === this.writeMode;
        }
        set write(val) {
          val ? this.mode |= this.writeMode : this.mode &= ~this.writeMode;
        }
        get isFolder() {
          return FS.isDir(this.mode);
        }
        get isDevice() {
          return FS.isChrdev(this.mode);
        }
      },
      lookupPath(path, opts = {}) {
        if (!path) {
          throw new FS.ErrnoError(44);
        }
        opts.follow_mount ??= true;
        if (!PATH.isAbs(path)) {
          path = FS.cwd() + "/" + path;
        }
        linkloop: for (var nlinks = 0; nlinks < 40; nlinks++) {
          var parts = path.split("/").filter((p) => !!p);
          var current2 = FS.root;
          var current_path = "/";
          for (var i = 0; i < parts.length; i++) {
            var islast = i === parts.length - 1;
            if (islast && opts.parent) {
              break;
            }
            if (parts[i] === ".") {
              continue;
            }
            if (parts[i] === "..") {
              current_path = PATH.dirname(current_path);
              current2 = current2.parent;
              continue;
            }
            current_path = PATH.join2(current_path, parts[i]);
            try {
              current2 = FS.lookupNode(current2, parts[i]);
            } catch (e) {
              if (e?.errno === 44 && islast && opts.noent_okay) {
                return { path: current_path };
              }
              throw e;
            }
            if (FS.isMountpoint(current2) && (!islast || opts.follow_mount)) {
              current2 = current2.mounted.root;
            }
            if (FS.isLink(current2.mode) && (!islast || opts.follow)) {
              if (!current2.node_ops.readlink) {
                throw new FS.ErrnoError(52);
              }
              var link = current2.node_ops.readlink(current2);
              if (!PATH.isAbs(link)) {
                link = PATH.dirname(current_path) + "/" + link;
              }
              path = link + "/" + parts.slice(i + 1).join("/");
              continue linkloop;
            }
          }
          return { path: current_path, node: current2 };
        }
        throw new FS.ErrnoError(32);
      },
      getPath(node) {
        var path;
        while (true) {
          if (FS.isRoot(node)) {
            var mount = node.mount.mountpoint;
            if (!path) return mount;
            return mount[mount.length - 1] !== "/" ? `${mount}/${path}` : mount + path;
          }
          path = path ? `${node.name}/${path}` : node.name;
          node = node.parent;
        }
      },
      hashName(parentid, name) {
        var hash = 0;
        for (var i = 0; i < name.length; i++) {
          hash = (hash << 5) - hash + name.charCodeAt(i) | 0;
        }
        return (parentid + hash >>> 0) % FS.nameTable.length;
      },
      hashAddNode(node) {
        var hash = FS.hashName(node.parent.id, node.name);
        node.name_next = FS.nameTable[hash];
        FS.nameTable[hash] = node;
      },
      hashRemoveNode(node) {
        var hash = FS.hashName(node.parent.id, node.name);
        if (FS.nameTable[hash] === node) {
          FS.nameTable[hash] = node.name_next;
        } else {
          var current2 = FS.nameTable[hash];
          while (current2) {
            if (current2.name_next === node) {
              current2.name_next = node.name_next;
              break;
            }
            current2 = current2.name_next;
          }
        }
      },
      lookupNode(parent, name) {
        var errCode = FS.mayLookup(parent);
        if (errCode) {
          throw new FS.ErrnoError(errCode);
        }
        var hash = FS.hashName(parent.id, name);
        for (var node = FS.nameTable[hash]; node; node = node.name_next) {
          var nodeName = node.name;
          if (node.parent.id === parent.id && nodeName === name) {
            return node;
          }
        }
        return FS.lookup(parent, name);
      },
      createNode(parent, name, mode, rdev) {
        var node = new FS.FSNode(parent, name, mode, rdev);
        FS.hashAddNode(node);
        return node;
      },
      destroyNode(node) {
        FS.hashRemoveNode(node);
      },
      isRoot(node) {
        return node === node.parent;
      },
      isMountpoint(node) {
        return !!node.mounted;
      },
      isFile(mode) {
        return (mode & 61440) === 32768;
      },
      isDir(mode) {
        return (mode & 61440) === 16384;
      },
      isLink(mode) {
        return (mode & 61440) === 40960;
      },
      isChrdev(mode) {
        return (mode & 61440) === 8192;
      },
      isBlkdev(mode) {
        return (mode & 61440) === 24576;
      },
      isFIFO(mode) {
        return (mode & 61440) === 4096;
      },
      isSocket(mode) {
        return (mode & 49152) === 49152;
      },
      flagsToPermissionString(flag) {
        var perms = ["r", "w", "rw"][flag & 3];
        if (flag & 512) {
          perms += "w";
        }
        return perms;
      },
      nodePermissions(node, perms) {
        if (FS.ignorePermissions) {
          return 0;
        }
        if (perms.includes("r") && !(node.mode & 292)) {
          return 2;
        } else if (perms.includes("w") && !(node.mode & 146)) {
          return 2;
        } else if (perms.includes("x") && !(node.mode & 73)) {
          return 2;
        }
        return 0;
      },
      mayLookup(dir) {
        if (!FS.isDir(dir.mode)) return 54;
        var errCode = FS.nodePermissions(dir, "x");
        if (errCode) return errCode;
        if (!dir.node_ops.lookup) return 2;
        return 0;
      },
      mayCreate(dir, name) {
        if (!FS.isDir(dir.mode)) {
          return 54;
        }
        try {
          var node = FS.lookupNode(dir, name);
          return 20;
        } catch (e) {
        }
        return FS.nodePermissions(dir, "wx");
      },
      mayDelete(dir, name, isdir) {
        var node;
        try {
          node = FS.lookupNode(dir, name);
        } catch (e) {
          return e.errno;
        }
        var errCode = FS.nodePermissions(dir, "wx");
        if (errCode) {
          return errCode;
        }
        if (isdir) {
          if (!FS.isDir(node.mode)) {
            return 54;
          }
          if (FS.isRoot(node) || FS.getPath(node) === FS.cwd()) {
            return 10;
          }
        } else {
          if (FS.isDir(node.mode)) {
            return 31;
          }
        }
        return 0;
      },
      mayOpen(node, flags) {
        if (!node) {
          return 44;
        }
        if (FS.isLink(node.mode)) {
          return 32;
        } else if (FS.isDir(node.mode)) {
          if (FS.flagsToPermissionString(flags) !== "r" || flags & (512 | 64)) {
            return 31;
          }
        }
        return FS.nodePermissions(node, FS.flagsToPermissionString(flags));
      },
      checkOpExists(op, err2) {
        if (!op) {
          throw new FS.ErrnoError(err2);
        }
        return op;
      },
      MAX_OPEN_FDS: 4096,
      nextfd() {
        for (var fd = 0; fd <= FS.MAX_OPEN_FDS; fd++) {
          if (!FS.streams[fd]) {
            return fd;
          }
        }
        throw new FS.ErrnoError(33);
      },
      getStreamChecked(fd) {
        var stream = FS.getStream(fd);
        if (!stream) {
          throw new FS.ErrnoError(8);
        }
        return stream;
      },
      getStream: (fd) => FS.streams[fd],
      createStream(stream, fd = -1) {
        stream = Object.assign(new FS.FSStream(), stream);
        if (fd == -1) {
          fd = FS.nextfd();
        }
        stream.fd = fd;
        FS.streams[fd] = stream;
        return stream;
      },
      closeStream(fd) {
        FS.streams[fd] = null;
      },
      dupStream(origStream, fd = -1) {
        var stream = FS.createStream(origStream, fd);
        stream.stream_ops?.dup?.(stream);
        return stream;
      },
      doSetAttr(stream, node, attr) {
        var setattr = stream?.stream_ops.setattr;
        var arg = setattr ? stream : node;
        setattr ??= node.node_ops.setattr;
        FS.checkOpExists(setattr, 63);
        setattr(arg, attr);
      },
      chrdev_stream_ops: {
        open(stream) {
          var device = FS.getDevice(stream.node.rdev);
          stream.stream_ops = device.stream_ops;
          stream.stream_ops.open?.(stream);
        },
        llseek() {
          throw new FS.ErrnoError(70);
        }
      },
      major: (dev) => dev >> 8,
      minor: (dev) => dev & 255,
      makedev: (ma, mi) => ma << 8 | mi,
      registerDevice(dev, ops) {
        FS.devices[dev] = { stream_ops: ops };
      },
      getDevice: (dev) => FS.devices[dev],
      getMounts(mount) {
        var mounts = [];
        var check = [mount];
        while (check.length) {
          var m = check.pop();
          mounts.push(m);
          check.push(...m.mounts);
        }
        return mounts;
      },
      syncfs(populate, callback) {
        if (typeof populate == "function") {
          callback = populate;
          populate = false;
        }
        FS.syncFSRequests++;
        if (FS.syncFSRequests > 1) {
          err(`warning: ${FS.syncFSRequests} FS.syncfs operations in flight at once, probably just doing extra work`);
        }
        var mounts = FS.getMounts(FS.root.mount);
        var completed = 0;
        function doCallback(errCode) {
          FS.syncFSRequests--;
          return callback(errCode);
        }
        function done(errCode) {
          if (errCode) {
            if (!done.errored) {
              done.errored = true;
              return doCallback(errCode);
            }
            return;
          }
          if (++completed >= mounts.length) {
            doCallback(null);
          }
        }
        ;
        mounts.forEach((mount) => {
          if (!mount.type.syncfs) {
            return done(null);
          }
          mount.type.syncfs(mount, populate, done);
        });
      },
      mount(type, opts, mountpoint) {
        var root = mountpoint === "/";
        var pseudo = !mountpoint;
        var node;
        if (root && FS.root) {
          throw new FS.ErrnoError(10);
        } else if (!root && !pseudo) {
          var lookup2 = FS.lookupPath(mountpoint, { follow_mount: false });
          mountpoint = lookup2.path;
          node = lookup2.node;
          if (FS.isMountpoint(node)) {
            throw new FS.ErrnoError(10);
          }
          if (!FS.isDir(node.mode)) {
            throw new FS.ErrnoError(54);
          }
        }
        var mount = {
          type,
          opts,
          mountpoint,
          mounts: []
        };
        var mountRoot = type.mount(mount);
        mountRoot.mount = mount;
        mount.root = mountRoot;
        if (root) {
          FS.root = mountRoot;
        } else if (node) {
          node.mounted = mount;
          if (node.mount) {
            node.mount.mounts.push(mount);
          }
        }
        return mountRoot;
      },
      unmount(mountpoint) {
        var lookup2 = FS.lookupPath(mountpoint, { follow_mount: false });
        if (!FS.isMountpoint(lookup2.node)) {
          throw new FS.ErrnoError(28);
        }
        var node = lookup2.node;
        var mount = node.mounted;
        var mounts = FS.getMounts(mount);
        Object.keys(FS.nameTable).forEach((hash) => {
          var current2 = FS.nameTable[hash];
          while (current2) {
            var next = current2.name_next;
            if (mounts.includes(current2.mount)) {
              FS.destroyNode(current2);
            }
            current2 = next;
          }
        });
        node.mounted = null;
        var idx = node.mount.mounts.indexOf(mount);
        node.mount.mounts.splice(idx, 1);
      },
      lookup(parent, name) {
        return parent.node_ops.lookup(parent, name);
      },
      mknod(path, mode, dev) {
        var lookup2 = FS.lookupPath(path, { parent: true });
        var parent = lookup2.node;
        var name = PATH.basename(path);
        if (!name) {
          throw new FS.ErrnoError(28);
        }
        if (name === "." || name === "..") {
          throw new FS.ErrnoError(20);
        }
        var errCode = FS.mayCreate(parent, name);
        if (errCode) {
          throw new FS.ErrnoError(errCode);
        }
        if (!parent.node_ops.mknod) {
          throw new FS.ErrnoError(63);
        }
        return parent.node_ops.mknod(parent, name, mode, dev);
      },
      statfs(path) {
        return FS.statfsNode(FS.lookupPath(path, { follow: true }).node);
      },
      statfsStream(stream) {
        return FS.statfsNode(stream.node);
      },
      statfsNode(node) {
        var rtn = {
          bsize: 4096,
          frsize: 4096,
          blocks: 1e6,
          bfree: 5e5,
          bavail: 5e5,
          files: FS.nextInode,
          ffree: FS.nextInode - 1,
          fsid: 42,
          flags: 2,
          namelen: 255
        };
        if (node.node_ops.statfs) {
          Object.assign(rtn, node.node_ops.statfs(node.mount.opts.root));
        }
        return rtn;
      },
      create(path, mode = 438) {
        mode &= 4095;
        mode |= 32768;
        return FS.mknod(path, mode, 0);
      },
      mkdir(path, mode = 511) {
        mode &= 511 | 512;
        mode |= 16384;
        return FS.mknod(path, mode, 0);
      },
      mkdirTree(path, mode) {
        var dirs = path.split("/");
        var d = "";
        for (var i = 0; i < dirs.length; ++i) {
          if (!dirs[i]) continue;
          d += "/" + dirs[i];
          try {
            FS.mkdir(d, mode);
          } catch (e) {
            if (e.errno != 20) throw e;
          }
        }
      },
      mkdev(path, mode, dev) {
        if (typeof dev == "undefined") {
          dev = mode;
          mode = 438;
        }
        mode |= 8192;
        return FS.mknod(path, mode, dev);
      },
      symlink(oldpath, newpath) {
        if (!PATH_FS.resolve(oldpath)) {
          throw new FS.ErrnoError(44);
        }
        var lookup2 = FS.lookupPath(newpath, { parent: true });
        var parent = lookup2.node;
        if (!parent) {
          throw new FS.ErrnoError(44);
        }
        var newname = PATH.basename(newpath);
        var errCode = FS.mayCreate(parent, newname);
        if (errCode) {
          throw new FS.ErrnoError(errCode);
        }
        if (!parent.node_ops.symlink) {
          throw new FS.ErrnoError(63);
        }
        return parent.node_ops.symlink(parent, newname, oldpath);
      },
      rename(old_path, new_path) {
        var old_dirname = PATH.dirname(old_path);
        var new_dirname = PATH.dirname(new_path);
        var old_name = PATH.basename(old_path);
        var new_name = PATH.basename(new_path);
        var lookup2, old_dir, new_dir;
        lookup2 = FS.lookupPath(old_path, { parent: true });
        old_dir = lookup2.node;
        lookup2 = FS.lookupPath(new_path, { parent: true });
        new_dir = lookup2.node;
        if (!old_dir || !new_dir) throw new FS.ErrnoError(44);
        if (old_dir.mount !== new_dir.mount) {
          throw new FS.ErrnoError(75);
        }
        var old_node = FS.lookupNode(old_dir, old_name);
        var relative = PATH_FS.relative(old_path, new_dirname);
        if (relative.charAt(0) !== ".") {
          throw new FS.ErrnoError(28);
        }
        relative = PATH_FS.relative(new_path, old_dirname);
        if (relative.charAt(0) !== ".") {
          throw new FS.ErrnoError(55);
        }
        var new_node;
        try {
          new_node = FS.lookupNode(new_dir, new_name);
        } catch (e) {
        }
        if (old_node === new_node) {
          return;
        }
        var isdir = FS.isDir(old_node.mode);
        var errCode = FS.mayDelete(old_dir, old_name, isdir);
        if (errCode) {
          throw new FS.ErrnoError(errCode);
        }
        errCode = new_node ? FS.mayDelete(new_dir, new_name, isdir) : FS.mayCreate(new_dir, new_name);
        if (errCode) {
          throw new FS.ErrnoError(errCode);
        }
        if (!old_dir.node_ops.rename) {
          throw new FS.ErrnoError(63);
        }
        if (FS.isMountpoint(old_node) || new_node && FS.isMountpoint(new_node)) {
          throw new FS.ErrnoError(10);
        }
        if (new_dir !== old_dir) {
          errCode = FS.nodePermissions(old_dir, "w");
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
        }
        FS.hashRemoveNode(old_node);
        try {
          old_dir.node_ops.rename(old_node, new_dir, new_name);
          old_node.parent = new_dir;
        } catch (e) {
          throw e;
        } finally {
          FS.hashAddNode(old_node);
        }
      },
      rmdir(path) {
        var lookup2 = FS.lookupPath(path, { parent: true });
        var parent = lookup2.node;
        var name = PATH.basename(path);
        var node = FS.lookupNode(parent, name);
        var errCode = FS.mayDelete(parent, name, true);
        if (errCode) {
          throw new FS.ErrnoError(errCode);
        }
        if (!parent.node_ops.rmdir) {
          throw new FS.ErrnoError(63);
        }
        if (FS.isMountpoint(node)) {
          throw new FS.ErrnoError(10);
        }
        parent.node_ops.rmdir(parent, name);
        FS.destroyNode(node);
      },
      readdir(path) {
        var lookup2 = FS.lookupPath(path, { follow: true });
        var node = lookup2.node;
        var readdir = FS.checkOpExists(node.node_ops.readdir, 54);
        return readdir(node);
      },
      unlink(path) {
        var lookup2 = FS.lookupPath(path, { parent: true });
        var parent = lookup2.node;
        if (!parent) {
          throw new FS.ErrnoError(44);
        }
        var name = PATH.basename(path);
        var node = FS.lookupNode(parent, name);
        var errCode = FS.mayDelete(parent, name, false);
        if (errCode) {
          throw new FS.ErrnoError(errCode);
        }
        if (!parent.node_ops.unlink) {
          throw new FS.ErrnoError(63);
        }
        if (FS.isMountpoint(node)) {
          throw new FS.ErrnoError(10);
        }
        parent.node_ops.unlink(parent, name);
        FS.destroyNode(node);
      },
      readlink(path) {
        var lookup2 = FS.lookupPath(path);
        var link = lookup2.node;
        if (!link) {
          throw new FS.ErrnoError(44);
        }
        if (!link.node_ops.readlink) {
          throw new FS.ErrnoError(28);
        }
        return link.node_ops.readlink(link);
      },
      stat(path, dontFollow) {
        var lookup2 = FS.lookupPath(path, { follow: !dontFollow });
        var node = lookup2.node;
        var getattr = FS.checkOpExists(node.node_ops.getattr, 63);
        return getattr(node);
      },
      fstat(fd) {
        var stream = FS.getStreamChecked(fd);
        var node = stream.node;
        var getattr = stream.stream_ops.getattr;
        var arg = getattr ? stream : node;
        getattr ??= node.node_ops.getattr;
        FS.checkOpExists(getattr, 63);
        return getattr(arg);
      },
      lstat(path) {
        return FS.stat(path, true);
      },
      doChmod(stream, node, mode, dontFollow) {
        FS.doSetAttr(stream, node, {
          mode: mode & 4095 | node.mode & ~4095,
          ctime: Date.now(),
          dontFollow
        });
      },
      chmod(path, mode, dontFollow) {
        var node;
        if (typeof path == "string") {
          var lookup2 = FS.lookupPath(path, { follow: !dontFollow });
          node = lookup2.node;
        } else {
          node = path;
        }
        FS.doChmod(null, node, mode, dontFollow);
      },
      lchmod(path, mode) {
        FS.chmod(path, mode, true);
      },
      fchmod(fd, mode) {
        var stream = FS.getStreamChecked(fd);
        FS.doChmod(stream, stream.node, mode, false);
      },
      doChown(stream, node, dontFollow) {
        FS.doSetAttr(stream, node, {
          timestamp: Date.now(),
          dontFollow
          // we ignore the uid / gid for now
        });
      },
      chown(path, uid, gid, dontFollow) {
        var node;
        if (typeof path == "string") {
          var lookup2 = FS.lookupPath(path, { follow: !dontFollow });
          node = lookup2.node;
        } else {
          node = path;
        }
        FS.doChown(null, node, dontFollow);
      },
      lchown(path, uid, gid) {
        FS.chown(path, uid, gid, true);
      },
      fchown(fd, uid, gid) {
        var stream = FS.getStreamChecked(fd);
        FS.doChown(stream, stream.node, false);
      },
      doTruncate(stream, node, len) {
        if (FS.isDir(node.mode)) {
          throw new FS.ErrnoError(31);
        }
        if (!FS.isFile(node.mode)) {
          throw new FS.ErrnoError(28);
        }
        var errCode = FS.nodePermissions(node, "w");
        if (errCode) {
          throw new FS.ErrnoError(errCode);
        }
        FS.doSetAttr(stream, node, {
          size: len,
          timestamp: Date.now()
        });
      },
      truncate(path, len) {
        if (len < 0) {
          throw new FS.ErrnoError(28);
        }
        var node;
        if (typeof path == "string") {
          var lookup2 = FS.lookupPath(path, { follow: true });
          node = lookup2.node;
        } else {
          node = path;
        }
        FS.doTruncate(null, node, len);
      },
      ftruncate(fd, len) {
        var stream = FS.getStreamChecked(fd);
        if (len < 0 || (stream.flags & 2097155) === 0) {
          throw new FS.ErrnoError(28);
        }
        FS.doTruncate(stream, stream.node, len);
      },
      utime(path, atime, mtime) {
        var lookup2 = FS.lookupPath(path, { follow: true });
        var node = lookup2.node;
        var setattr = FS.checkOpExists(node.node_ops.setattr, 63);
        setattr(node, {
          atime,
          mtime
        });
      },
      open(path, flags, mode = 438) {
        if (path === "") {
          throw new FS.ErrnoError(44);
        }
        flags = typeof flags == "string" ? FS_modeStringToFlags(flags) : flags;
        if (flags & 64) {
          mode = mode & 4095 | 32768;
        } else {
          mode = 0;
        }
        var node;
        var isDirPath;
        if (typeof path == "object") {
          node = path;
        } else {
          isDirPath = path.endsWith("/");
          var lookup2 = FS.lookupPath(path, {
            follow: !(flags & 131072),
            noent_okay: true
          });
          node = lookup2.node;
          path = lookup2.path;
        }
        var created = false;
        if (flags & 64) {
          if (node) {
            if (flags & 128) {
              throw new FS.ErrnoError(20);
            }
          } else if (isDirPath) {
            throw new FS.ErrnoError(31);
          } else {
            node = FS.mknod(path, mode | 511, 0);
            created = true;
          }
        }
        if (!node) {
          throw new FS.ErrnoError(44);
        }
        if (FS.isChrdev(node.mode)) {
          flags &= ~512;
        }
        if (flags & 65536 && !FS.isDir(node.mode)) {
          throw new FS.ErrnoError(54);
        }
        if (!created) {
          var errCode = FS.mayOpen(node, flags);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
        }
        if (flags & 512 && !created) {
          FS.truncate(node, 0);
        }
        flags &= ~(128 | 512 | 131072);
        var stream = FS.createStream({
          node,
          path: FS.getPath(node),
          // we want the absolute path to the node
          flags,
          seekable: true,
          position: 0,
          stream_ops: node.stream_ops,
          // used by the file family libc calls (fopen, fwrite, ferror, etc.)
          ungotten: [],
          error: false
        });
        if (stream.stream_ops.open) {
          stream.stream_ops.open(stream);
        }
        if (created) {
          FS.chmod(node, mode & 511);
        }
        if (Module["logReadFiles"] && !(flags & 1)) {
          if (!(path in FS.readFiles)) {
            FS.readFiles[path] = 1;
          }
        }
        return stream;
      },
      close(stream) {
        if (FS.isClosed(stream)) {
          throw new FS.ErrnoError(8);
        }
        if (stream.getdents) stream.getdents = null;
        try {
          if (stream.stream_ops.close) {
            stream.stream_ops.close(stream);
          }
        } catch (e) {
          throw e;
        } finally {
          FS.closeStream(stream.fd);
        }
        stream.fd = null;
      },
      isClosed(stream) {
        return stream.fd === null;
      },
      llseek(stream, offset, whence) {
        if (FS.isClosed(stream)) {
          throw new FS.ErrnoError(8);
        }
        if (!stream.seekable || !stream.stream_ops.llseek) {
          throw new FS.ErrnoError(70);
        }
        if (whence != 0 && whence != 1 && whence != 2) {
          throw new FS.ErrnoError(28);
        }
        stream.position = stream.stream_ops.llseek(stream, offset, whence);
        stream.ungotten = [];
        return stream.position;
      },
      read(stream, buffer, offset, length2, position) {
        if (length2 < 0 || position < 0) {
          throw new FS.ErrnoError(28);
        }
        if (FS.isClosed(stream)) {
          throw new FS.ErrnoError(8);
        }
        if ((stream.flags & 2097155) === 1) {
          throw new FS.ErrnoError(8);
        }
        if (FS.isDir(stream.node.mode)) {
          throw new FS.ErrnoError(31);
        }
        if (!stream.stream_ops.read) {
          throw new FS.ErrnoError(28);
        }
        var seeking = typeof position != "undefined";
        if (!seeking) {
          position = stream.position;
        } else if (!stream.seekable) {
          throw new FS.ErrnoError(70);
        }
        var bytesRead = stream.stream_ops.read(stream, buffer, offset, length2, position);
        if (!seeking) stream.position += bytesRead;
        return bytesRead;
      },
      write(stream, buffer, offset, length2, position, canOwn) {
        if (length2 < 0 || position < 0) {
          throw new FS.ErrnoError(28);
        }
        if (FS.isClosed(stream)) {
          throw new FS.ErrnoError(8);
        }
        if ((stream.flags & 2097155) === 0) {
          throw new FS.ErrnoError(8);
        }
        if (FS.isDir(stream.node.mode)) {
          throw new FS.ErrnoError(31);
        }
        if (!stream.stream_ops.write) {
          throw new FS.ErrnoError(28);
        }
        if (stream.seekable && stream.flags & 1024) {
          FS.llseek(stream, 0, 2);
        }
        var seeking = typeof position != "undefined";
        if (!seeking) {
          position = stream.position;
        } else if (!stream.seekable) {
          throw new FS.ErrnoError(70);
        }
        var bytesWritten = stream.stream_ops.write(stream, buffer, offset, length2, position, canOwn);
        if (!seeking) stream.position += bytesWritten;
        return bytesWritten;
      },
      allocate(stream, offset, length2) {
        if (FS.isClosed(stream)) {
          throw new FS.ErrnoError(8);
        }
        if (offset < 0 || length2 <= 0) {
          throw new FS.ErrnoError(28);
        }
        if ((stream.flags & 2097155) === 0) {
          throw new FS.ErrnoError(8);
        }
        if (!FS.isFile(stream.node.mode) && !FS.isDir(stream.node.mode)) {
          throw new FS.ErrnoError(43);
        }
        if (!stream.stream_ops.allocate) {
          throw new FS.ErrnoError(138);
        }
        stream.stream_ops.allocate(stream, offset, length2);
      },
      mmap(stream, length2, position, prot, flags) {
        if ((prot & 2) !== 0 && (flags & 2) === 0 && (stream.flags & 2097155) !== 2) {
          throw new FS.ErrnoError(2);
        }
        if ((stream.flags & 2097155) === 1) {
          throw new FS.ErrnoError(2);
        }
        if (!stream.stream_ops.mmap) {
          throw new FS.ErrnoError(43);
        }
        if (!length2) {
          throw new FS.ErrnoError(28);
        }
        return stream.stream_ops.mmap(stream, length2, position, prot, flags);
      },
      msync(stream, buffer, offset, length2, mmapFlags) {
        if (!stream.stream_ops.msync) {
          return 0;
        }
        return stream.stream_ops.msync(stream, buffer, offset, length2, mmapFlags);
      },
      ioctl(stream, cmd, arg) {
        if (!stream.stream_ops.ioctl) {
          throw new FS.ErrnoError(59);
        }
        return stream.stream_ops.ioctl(stream, cmd, arg);
      },
      readFile(path, opts = {}) {
        opts.flags = opts.flags || 0;
        opts.encoding = opts.encoding || "binary";
        if (opts.encoding !== "utf8" && opts.encoding !== "binary") {
          throw new Error(`Invalid encoding type "${opts.encoding}"`);
        }
        var ret;
        var stream = FS.open(path, opts.flags);
        var stat = FS.stat(path);
        var length2 = stat.size;
        var buf = new Uint8Array(length2);
        FS.read(stream, buf, 0, length2, 0);
        if (opts.encoding === "utf8") {
          ret = UTF8ArrayToString(buf);
        } else if (opts.encoding === "binary") {
          ret = buf;
        }
        FS.close(stream);
        return ret;
      },
      writeFile(path, data, opts = {}) {
        opts.flags = opts.flags || 577;
        var stream = FS.open(path, opts.flags, opts.mode);
        if (typeof data == "string") {
          var buf = new Uint8Array(lengthBytesUTF8(data) + 1);
          var actualNumBytes = stringToUTF8Array(data, buf, 0, buf.length);
          FS.write(stream, buf, 0, actualNumBytes, void 0, opts.canOwn);
        } else if (ArrayBuffer.isView(data)) {
          FS.write(stream, data, 0, data.byteLength, void 0, opts.canOwn);
        } else {
          throw new Error("Unsupported data type");
        }
        FS.close(stream);
      },
      cwd: () => FS.currentPath,
      chdir(path) {
        var lookup2 = FS.lookupPath(path, { follow: true });
        if (lookup2.node === null) {
          throw new FS.ErrnoError(44);
        }
        if (!FS.isDir(lookup2.node.mode)) {
          throw new FS.ErrnoError(54);
        }
        var errCode = FS.nodePermissions(lookup2.node, "x");
        if (errCode) {
          throw new FS.ErrnoError(errCode);
        }
        FS.currentPath = lookup2.path;
      },
      createDefaultDirectories() {
        FS.mkdir("/tmp");
        FS.mkdir("/home");
        FS.mkdir("/home/web_user");
      },
      createDefaultDevices() {
        FS.mkdir("/dev");
        FS.registerDevice(FS.makedev(1, 3), {
          read: () => 0,
          write: (stream, buffer, offset, length2, pos) => length2,
          llseek: () => 0
        });
        FS.mkdev("/dev/null", FS.makedev(1, 3));
        TTY.register(FS.makedev(5, 0), TTY.default_tty_ops);
        TTY.register(FS.makedev(6, 0), TTY.default_tty1_ops);
        FS.mkdev("/dev/tty", FS.makedev(5, 0));
        FS.mkdev("/dev/tty1", FS.makedev(6, 0));
        var randomBuffer = new Uint8Array(1024), randomLeft = 0;
        var randomByte = () => {
          if (randomLeft === 0) {
            randomFill(randomBuffer);
            randomLeft = randomBuffer.byteLength;
          }
          return randomBuffer[--randomLeft];
        };
        FS.createDevice("/dev", "random", randomByte);
        FS.createDevice("/dev", "urandom", randomByte);
        FS.mkdir("/dev/shm");
        FS.mkdir("/dev/shm/tmp");
      },
      createSpecialDirectories() {
        FS.mkdir("/proc");
        var proc_self = FS.mkdir("/proc/self");
        FS.mkdir("/proc/self/fd");
        FS.mount({
          mount() {
            var node = FS.createNode(proc_self, "fd", 16895, 73);
            node.stream_ops = {
              llseek: MEMFS.stream_ops.llseek
            };
            node.node_ops = {
              lookup(parent, name) {
                var fd = +name;
                var stream = FS.getStreamChecked(fd);
                var ret = {
                  parent: null,
                  mount: { mountpoint: "fake" },
                  node_ops: { readlink: () => stream.path },
                  id: fd + 1
                };
                ret.parent = ret;
                return ret;
              },
              readdir() {
                return Array.from(FS.streams.entries()).filter(([k, v]) => v).map(([k, v]) => k.toString());
              }
            };
            return node;
          }
        }, {}, "/proc/self/fd");
      },
      createStandardStreams(input, output, error) {
        if (input) {
          FS.createDevice("/dev", "stdin", input);
        } else {
          FS.symlink("/dev/tty", "/dev/stdin");
        }
        if (output) {
          FS.createDevice("/dev", "stdout", null, output);
        } else {
          FS.symlink("/dev/tty", "/dev/stdout");
        }
        if (error) {
          FS.createDevice("/dev", "stderr", null, error);
        } else {
          FS.symlink("/dev/tty1", "/dev/stderr");
        }
        var stdin = FS.open("/dev/stdin", 0);
        var stdout = FS.open("/dev/stdout", 1);
        var stderr = FS.open("/dev/stderr", 1);
      },
      staticInit() {
        FS.nameTable = new Array(4096);
        FS.mount(MEMFS, {}, "/");
        FS.createDefaultDirectories();
        FS.createDefaultDevices();
        FS.createSpecialDirectories();
        FS.filesystems = {
          "MEMFS": MEMFS
        };
      },
      init(input, output, error) {
        FS.initialized = true;
        input ??= Module["stdin"];
        output ??= Module["stdout"];
        error ??= Module["stderr"];
        FS.createStandardStreams(input, output, error);
      },
      quit() {
        FS.initialized = false;
        for (var i = 0; i < FS.streams.length; i++) {
          var stream = FS.streams[i];
          if (!stream) {
            continue;
          }
          FS.close(stream);
        }
      },
      findObject(path, dontResolveLastLink) {
        var ret = FS.analyzePath(path, dontResolveLastLink);
        if (!ret.exists) {
          return null;
        }
        return ret.object;
      },
      analyzePath(path, dontResolveLastLink) {
        try {
          var lookup2 = FS.lookupPath(path, { follow: !dontResolveLastLink });
          path = lookup2.path;
        } catch (e) {
        }
        var ret = {
          isRoot: false,
          exists: false,
          error: 0,
          name: null,
          path: null,
          object: null,
          parentExists: false,
          parentPath: null,
          parentObject: null
        };
        try {
          var lookup2 = FS.lookupPath(path, { parent: true });
          ret.parentExists = true;
          ret.parentPath = lookup2.path;
          ret.parentObject = lookup2.node;
          ret.name = PATH.basename(path);
          lookup2 = FS.lookupPath(path, { follow: !dontResolveLastLink });
          ret.exists = true;
          ret.path = lookup2.path;
          ret.object = lookup2.node;
          ret.name = lookup2.node.name;
          ret.isRoot = lookup2.path === "/";
        } catch (e) {
          ret.error = e.errno;
        }
        ;
        return ret;
      },
      createPath(parent, path, canRead, canWrite) {
        parent = typeof parent == "string" ? parent : FS.getPath(parent);
        var parts = path.split("/").reverse();
        while (parts.length) {
          var part = parts.pop();
          if (!part) continue;
          var current2 = PATH.join2(parent, part);
          try {
            FS.mkdir(current2);
          } catch (e) {
            if (e.errno != 20) throw e;
          }
          parent = current2;
        }
        return current2;
      },
      createFile(parent, name, properties, canRead, canWrite) {
        var path = PATH.join2(typeof parent == "string" ? parent : FS.getPath(parent), name);
        var mode = FS_getMode(canRead, canWrite);
        return FS.create(path, mode);
      },
      createDataFile(parent, name, data, canRead, canWrite, canOwn) {
        var path = name;
        if (parent) {
          parent = typeof parent == "string" ? parent : FS.getPath(parent);
          path = name ? PATH.join2(parent, name) : parent;
        }
        var mode = FS_getMode(canRead, canWrite);
        var node = FS.create(path, mode);
        if (data) {
          if (typeof data == "string") {
            var arr = new Array(data.length);
            for (var i = 0, len = data.length; i < len; ++i) arr[i] = data.charCodeAt(i);
            data = arr;
          }
          FS.chmod(node, mode | 146);
          var stream = FS.open(node, 577);
          FS.write(stream, data, 0, data.length, 0, canOwn);
          FS.close(stream);
          FS.chmod(node, mode);
        }
      },
      createDevice(parent, name, input, output) {
        var path = PATH.join2(typeof parent == "string" ? parent : FS.getPath(parent), name);
        var mode = FS_getMode(!!input, !!output);
        FS.createDevice.major ??= 64;
        var dev = FS.makedev(FS.createDevice.major++, 0);
        FS.registerDevice(dev, {
          open(stream) {
            stream.seekable = false;
          },
          close(stream) {
            if (output?.buffer?.length) {
              output(10);
            }
          },
          read(stream, buffer, offset, length2, pos) {
            var bytesRead = 0;
            for (var i = 0; i < length2; i++) {
              var result;
              try {
                result = input();
              } catch (e) {
                throw new FS.ErrnoError(29);
              }
              if (result === void 0 && bytesRead === 0) {
                throw new FS.ErrnoError(6);
              }
              if (result === null || result === void 0) break;
              bytesRead++;
              buffer[offset + i] = result;
            }
            if (bytesRead) {
              stream.node.atime = Date.now();
            }
            return bytesRead;
          },
          write(stream, buffer, offset, length2, pos) {
            for (var i = 0; i < length2; i++) {
              try {
                output(buffer[offset + i]);
              } catch (e) {
                throw new FS.ErrnoError(29);
              }
            }
            if (length2) {
              stream.node.mtime = stream.node.ctime = Date.now();
            }
            return i;
          }
        });
        return FS.mkdev(path, mode, dev);
      },
      forceLoadFile(obj) {
        if (obj.isDevice || obj.isFolder || obj.link || obj.contents) return true;
        if (typeof XMLHttpRequest != "undefined") {
          throw new Error("Lazy loading should have been performed (contents set) in createLazyFile, but it was not. Lazy loading only works in web workers. Use --embed-file or --preload-file in emcc on the main thread.");
        } else {
          try {
            obj.contents = readBinary(obj.url);
            obj.usedBytes = obj.contents.length;
          } catch (e) {
            throw new FS.ErrnoError(29);
          }
        }
      },
      createLazyFile(parent, name, url, canRead, canWrite) {
        class LazyUint8Array {
          lengthKnown = false;
          chunks = [];
          // Loaded chunks. Index is the chunk number
          get(idx) {
            if (idx > this.length - 1 || idx < 0) {
              return void 0;
            }
            var chunkOffset = idx % this.chunkSize;
            var chunkNum = idx / this.chunkSize | 0;
            return this.getter(chunkNum)[chunkOffset];
          }
          setDataGetter(getter) {
            this.getter = getter;
          }
          cacheLength() {
            var xhr = new XMLHttpRequest();
            xhr.open("HEAD", url, false);
            xhr.send(null);
            if (!(xhr.status >= 200 && xhr.status < 300 || xhr.status === 304)) throw new Error("Couldn't load " + url + ". Status: " + xhr.status);
            var datalength = Number(xhr.getResponseHeader("Content-length"));
            var header;
            var hasByteServing = (header = xhr.getResponseHeader("Accept-Ranges")) && header === "bytes";
            var usesGzip = (header = xhr.getResponseHeader("Content-Encoding")) && header === "gzip";
            var chunkSize = 1024 * 1024;
            if (!hasByteServing) chunkSize = datalength;
            var doXHR = (from, to) => {
              if (from > to) throw new Error("invalid range (" + from + ", " + to + ") or no bytes requested!");
              if (to > datalength - 1) throw new Error("only " + datalength + " bytes available! programmer error!");
              var xhr2 = new XMLHttpRequest();
              xhr2.open("GET", url, false);
              if (datalength !== chunkSize) xhr2.setRequestHeader("Range", "bytes=" + from + "-" + to);
              xhr2.responseType = "arraybuffer";
              if (xhr2.overrideMimeType) {
                xhr2.overrideMimeType("text/plain; charset=x-user-defined");
              }
              xhr2.send(null);
              if (!(xhr2.status >= 200 && xhr2.status < 300 || xhr2.status === 304)) throw new Error("Couldn't load " + url + ". Status: " + xhr2.status);
              if (xhr2.response !== void 0) {
                return new Uint8Array(
                  /** @type{Array<number>} */
                  xhr2.response || []
                );
              }
              return intArrayFromString(xhr2.responseText || "", true);
            };
            var lazyArray2 = this;
            lazyArray2.setDataGetter((chunkNum) => {
              var start = chunkNum * chunkSize;
              var end = (chunkNum + 1) * chunkSize - 1;
              end = Math.min(end, datalength - 1);
              if (typeof lazyArray2.chunks[chunkNum] == "undefined") {
                lazyArray2.chunks[chunkNum] = doXHR(start, end);
              }
              if (typeof lazyArray2.chunks[chunkNum] == "undefined") throw new Error("doXHR failed!");
              return lazyArray2.chunks[chunkNum];
            });
            if (usesGzip || !datalength) {
              chunkSize = datalength = 1;
              datalength = this.getter(0).length;
              chunkSize = datalength;
              out("LazyFiles on gzip forces download of the whole file when length is accessed");
            }
            this._length = datalength;
            this._chunkSize = chunkSize;
            this.lengthKnown = true;
          }
          get length() {
            if (!this.lengthKnown) {
              this.cacheLength();
            }
            return this._length;
          }
          get chunkSize() {
            if (!this.lengthKnown) {
              this.cacheLength();
            }
            return this._chunkSize;
          }
        }
        if (typeof XMLHttpRequest != "undefined") {
          if (!ENVIRONMENT_IS_WORKER) throw "Cannot do synchronous binary XHRs outside webworkers in modern browsers. Use --embed-file or --preload-file in emcc";
          var lazyArray = new LazyUint8Array();
          var properties = { isDevice: false, contents: lazyArray };
        } else {
          var properties = { isDevice: false, url };
        }
        var node = FS.createFile(parent, name, properties, canRead, canWrite);
        if (properties.contents) {
          node.contents = properties.contents;
        } else if (properties.url) {
          node.contents = null;
          node.url = properties.url;
        }
        Object.defineProperties(node, {
          usedBytes: {
            get: function() {
              return this.contents.length;
            }
          }
        });
        var stream_ops = {};
        var keys2 = Object.keys(node.stream_ops);
        keys2.forEach((key) => {
          var fn = node.stream_ops[key];
          stream_ops[key] = (...args) => {
            FS.forceLoadFile(node);
            return fn(...args);
          };
        });
        function writeChunks(stream, buffer, offset, length2, position) {
          var contents = stream.node.contents;
          if (position >= contents.length)
            return 0;
          var size = Math.min(contents.length - position, length2);
          if (contents.slice) {
            for (var i = 0; i < size; i++) {
              buffer[offset + i] = contents[position + i];
            }
          } else {
            for (var i = 0; i < size; i++) {
              buffer[offset + i] = contents.get(position + i);
            }
          }
          return size;
        }
        stream_ops.read = (stream, buffer, offset, length2, position) => {
          FS.forceLoadFile(node);
          return writeChunks(stream, buffer, offset, length2, position);
        };
        stream_ops.mmap = (stream, length2, position, prot, flags) => {
          FS.forceLoadFile(node);
          var ptr = mmapAlloc(length2);
          if (!ptr) {
            throw new FS.ErrnoError(48);
          }
          writeChunks(stream, HEAP8, ptr, length2, position);
          return { ptr, allocated: true };
        };
        node.stream_ops = stream_ops;
        return node;
      }
    };
    var SYSCALLS = {
      DEFAULT_POLLMASK: 5,
      calculateAt(dirfd, path, allowEmpty) {
        if (PATH.isAbs(path)) {
          return path;
        }
        var dir;
        if (dirfd === -100) {
          dir = FS.cwd();
        } else {
          var dirstream = SYSCALLS.getStreamFromFD(dirfd);
          dir = dirstream.path;
        }
        if (path.length == 0) {
          if (!allowEmpty) {
            throw new FS.ErrnoError(44);
            ;
          }
          return dir;
        }
        return dir + "/" + path;
      },
      writeStat(buf, stat) {
        HEAP32[buf >> 2] = stat.dev;
        HEAP32[buf + 4 >> 2] = stat.mode;
        HEAPU32[buf + 8 >> 2] = stat.nlink;
        HEAP32[buf + 12 >> 2] = stat.uid;
        HEAP32[buf + 16 >> 2] = stat.gid;
        HEAP32[buf + 20 >> 2] = stat.rdev;
        HEAP64[buf + 24 >> 3] = BigInt(stat.size);
        HEAP32[buf + 32 >> 2] = 4096;
        HEAP32[buf + 36 >> 2] = stat.blocks;
        var atime = stat.atime.getTime();
        var mtime = stat.mtime.getTime();
        var ctime = stat.ctime.getTime();
        HEAP64[buf + 40 >> 3] = BigInt(Math.floor(atime / 1e3));
        HEAPU32[buf + 48 >> 2] = atime % 1e3 * 1e3 * 1e3;
        HEAP64[buf + 56 >> 3] = BigInt(Math.floor(mtime / 1e3));
        HEAPU32[buf + 64 >> 2] = mtime % 1e3 * 1e3 * 1e3;
        HEAP64[buf + 72 >> 3] = BigInt(Math.floor(ctime / 1e3));
        HEAPU32[buf + 80 >> 2] = ctime % 1e3 * 1e3 * 1e3;
        HEAP64[buf + 88 >> 3] = BigInt(stat.ino);
        return 0;
      },
      writeStatFs(buf, stats) {
        HEAP32[buf + 4 >> 2] = stats.bsize;
        HEAP32[buf + 40 >> 2] = stats.bsize;
        HEAP32[buf + 8 >> 2] = stats.blocks;
        HEAP32[buf + 12 >> 2] = stats.bfree;
        HEAP32[buf + 16 >> 2] = stats.bavail;
        HEAP32[buf + 20 >> 2] = stats.files;
        HEAP32[buf + 24 >> 2] = stats.ffree;
        HEAP32[buf + 28 >> 2] = stats.fsid;
        HEAP32[buf + 44 >> 2] = stats.flags;
        HEAP32[buf + 36 >> 2] = stats.namelen;
      },
      doMsync(addr, stream, len, flags, offset) {
        if (!FS.isFile(stream.node.mode)) {
          throw new FS.ErrnoError(43);
        }
        if (flags & 2) {
          return 0;
        }
        var buffer = HEAPU8.slice(addr, addr + len);
        FS.msync(stream, buffer, offset, len, flags);
      },
      getStreamFromFD(fd) {
        var stream = FS.getStreamChecked(fd);
        return stream;
      },
      varargs: void 0,
      getStr(ptr) {
        var ret = UTF8ToString(ptr);
        return ret;
      }
    };
    function ___syscall_fcntl64(fd, cmd, varargs) {
      SYSCALLS.varargs = varargs;
      try {
        var stream = SYSCALLS.getStreamFromFD(fd);
        switch (cmd) {
          case 0: {
            var arg = syscallGetVarargI();
            if (arg < 0) {
              return -28;
            }
            while (FS.streams[arg]) {
              arg++;
            }
            var newStream;
            newStream = FS.dupStream(stream, arg);
            return newStream.fd;
          }
          case 1:
          case 2:
            return 0;
          // FD_CLOEXEC makes no sense for a single process.
          case 3:
            return stream.flags;
          case 4: {
            var arg = syscallGetVarargI();
            stream.flags |= arg;
            return 0;
          }
          case 12: {
            var arg = syscallGetVarargP();
            var offset = 0;
            HEAP16[arg + offset >> 1] = 2;
            return 0;
          }
          case 13:
          case 14:
            return 0;
        }
        return -28;
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return -e.errno;
      }
    }
    function ___syscall_fstat64(fd, buf) {
      try {
        return SYSCALLS.writeStat(buf, FS.fstat(fd));
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return -e.errno;
      }
    }
    var stringToUTF8 = (str, outPtr, maxBytesToWrite) => {
      return stringToUTF8Array(str, HEAPU8, outPtr, maxBytesToWrite);
    };
    function ___syscall_getcwd(buf, size) {
      try {
        if (size === 0) return -28;
        var cwd = FS.cwd();
        var cwdLengthInBytes = lengthBytesUTF8(cwd) + 1;
        if (size < cwdLengthInBytes) return -68;
        stringToUTF8(cwd, buf, size);
        return cwdLengthInBytes;
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return -e.errno;
      }
    }
    function ___syscall_ioctl(fd, op, varargs) {
      SYSCALLS.varargs = varargs;
      try {
        var stream = SYSCALLS.getStreamFromFD(fd);
        switch (op) {
          case 21509: {
            if (!stream.tty) return -59;
            return 0;
          }
          case 21505: {
            if (!stream.tty) return -59;
            if (stream.tty.ops.ioctl_tcgets) {
              var termios = stream.tty.ops.ioctl_tcgets(stream);
              var argp = syscallGetVarargP();
              HEAP32[argp >> 2] = termios.c_iflag || 0;
              HEAP32[argp + 4 >> 2] = termios.c_oflag || 0;
              HEAP32[argp + 8 >> 2] = termios.c_cflag || 0;
              HEAP32[argp + 12 >> 2] = termios.c_lflag || 0;
              for (var i = 0; i < 32; i++) {
                HEAP8[argp + i + 17] = termios.c_cc[i] || 0;
              }
              return 0;
            }
            return 0;
          }
          case 21510:
          case 21511:
          case 21512: {
            if (!stream.tty) return -59;
            return 0;
          }
          case 21506:
          case 21507:
          case 21508: {
            if (!stream.tty) return -59;
            if (stream.tty.ops.ioctl_tcsets) {
              var argp = syscallGetVarargP();
              var c_iflag = HEAP32[argp >> 2];
              var c_oflag = HEAP32[argp + 4 >> 2];
              var c_cflag = HEAP32[argp + 8 >> 2];
              var c_lflag = HEAP32[argp + 12 >> 2];
              var c_cc = [];
              for (var i = 0; i < 32; i++) {
                c_cc.push(HEAP8[argp + i + 17]);
              }
              return stream.tty.ops.ioctl_tcsets(stream.tty, op, { c_iflag, c_oflag, c_cflag, c_lflag, c_cc });
            }
            return 0;
          }
          case 21519: {
            if (!stream.tty) return -59;
            var argp = syscallGetVarargP();
            HEAP32[argp >> 2] = 0;
            return 0;
          }
          case 21520: {
            if (!stream.tty) return -59;
            return -28;
          }
          case 21531: {
            var argp = syscallGetVarargP();
            return FS.ioctl(stream, op, argp);
          }
          case 21523: {
            if (!stream.tty) return -59;
            if (stream.tty.ops.ioctl_tiocgwinsz) {
              var winsize = stream.tty.ops.ioctl_tiocgwinsz(stream.tty);
              var argp = syscallGetVarargP();
              HEAP16[argp >> 1] = winsize[0];
              HEAP16[argp + 2 >> 1] = winsize[1];
            }
            return 0;
          }
          case 21524: {
            if (!stream.tty) return -59;
            return 0;
          }
          case 21515: {
            if (!stream.tty) return -59;
            return 0;
          }
          default:
            return -28;
        }
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return -e.errno;
      }
    }
    function ___syscall_lstat64(path, buf) {
      try {
        path = SYSCALLS.getStr(path);
        return SYSCALLS.writeStat(buf, FS.lstat(path));
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return -e.errno;
      }
    }
    function ___syscall_newfstatat(dirfd, path, buf, flags) {
      try {
        path = SYSCALLS.getStr(path);
        var nofollow = flags & 256;
        var allowEmpty = flags & 4096;
        flags = flags & ~6400;
        path = SYSCALLS.calculateAt(dirfd, path, allowEmpty);
        return SYSCALLS.writeStat(buf, nofollow ? FS.lstat(path) : FS.stat(path));
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return -e.errno;
      }
    }
    function ___syscall_openat(dirfd, path, flags, varargs) {
      SYSCALLS.varargs = varargs;
      try {
        path = SYSCALLS.getStr(path);
        path = SYSCALLS.calculateAt(dirfd, path);
        var mode = varargs ? syscallGetVarargI() : 0;
        return FS.open(path, flags, mode).fd;
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return -e.errno;
      }
    }
    function ___syscall_readlinkat(dirfd, path, buf, bufsize) {
      try {
        path = SYSCALLS.getStr(path);
        path = SYSCALLS.calculateAt(dirfd, path);
        if (bufsize <= 0) return -28;
        var ret = FS.readlink(path);
        var len = Math.min(bufsize, lengthBytesUTF8(ret));
        var endChar = HEAP8[buf + len];
        stringToUTF8(ret, buf, bufsize + 1);
        HEAP8[buf + len] = endChar;
        return len;
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return -e.errno;
      }
    }
    function ___syscall_stat64(path, buf) {
      try {
        path = SYSCALLS.getStr(path);
        return SYSCALLS.writeStat(buf, FS.stat(path));
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return -e.errno;
      }
    }
    var __abort_js = () => abort("");
    var runtimeKeepaliveCounter = 0;
    var __emscripten_runtime_keepalive_clear = () => {
      noExitRuntime = false;
      runtimeKeepaliveCounter = 0;
    };
    var INT53_MAX = 9007199254740992;
    var INT53_MIN = -9007199254740992;
    var bigintToI53Checked = (num) => num < INT53_MIN || num > INT53_MAX ? NaN : Number(num);
    function __gmtime_js(time, tmPtr) {
      time = bigintToI53Checked(time);
      var date = new Date(time * 1e3);
      HEAP32[tmPtr >> 2] = date.getUTCSeconds();
      HEAP32[tmPtr + 4 >> 2] = date.getUTCMinutes();
      HEAP32[tmPtr + 8 >> 2] = date.getUTCHours();
      HEAP32[tmPtr + 12 >> 2] = date.getUTCDate();
      HEAP32[tmPtr + 16 >> 2] = date.getUTCMonth();
      HEAP32[tmPtr + 20 >> 2] = date.getUTCFullYear() - 1900;
      HEAP32[tmPtr + 24 >> 2] = date.getUTCDay();
      var start = Date.UTC(date.getUTCFullYear(), 0, 1, 0, 0, 0, 0);
      var yday = (date.getTime() - start) / (1e3 * 60 * 60 * 24) | 0;
      HEAP32[tmPtr + 28 >> 2] = yday;
      ;
    }
    var isLeapYear = (year) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    var MONTH_DAYS_LEAP_CUMULATIVE = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335];
    var MONTH_DAYS_REGULAR_CUMULATIVE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    var ydayFromDate = (date) => {
      var leap = isLeapYear(date.getFullYear());
      var monthDaysCumulative = leap ? MONTH_DAYS_LEAP_CUMULATIVE : MONTH_DAYS_REGULAR_CUMULATIVE;
      var yday = monthDaysCumulative[date.getMonth()] + date.getDate() - 1;
      return yday;
    };
    function __localtime_js(time, tmPtr) {
      time = bigintToI53Checked(time);
      var date = new Date(time * 1e3);
      HEAP32[tmPtr >> 2] = date.getSeconds();
      HEAP32[tmPtr + 4 >> 2] = date.getMinutes();
      HEAP32[tmPtr + 8 >> 2] = date.getHours();
      HEAP32[tmPtr + 12 >> 2] = date.getDate();
      HEAP32[tmPtr + 16 >> 2] = date.getMonth();
      HEAP32[tmPtr + 20 >> 2] = date.getFullYear() - 1900;
      HEAP32[tmPtr + 24 >> 2] = date.getDay();
      var yday = ydayFromDate(date) | 0;
      HEAP32[tmPtr + 28 >> 2] = yday;
      HEAP32[tmPtr + 36 >> 2] = -(date.getTimezoneOffset() * 60);
      var start = new Date(date.getFullYear(), 0, 1);
      var summerOffset = new Date(date.getFullYear(), 6, 1).getTimezoneOffset();
      var winterOffset = start.getTimezoneOffset();
      var dst = (summerOffset != winterOffset && date.getTimezoneOffset() == Math.min(winterOffset, summerOffset)) | 0;
      HEAP32[tmPtr + 32 >> 2] = dst;
      ;
    }
    var __timegm_js = function(tmPtr) {
      var ret = (() => {
        var time = Date.UTC(
          HEAP32[tmPtr + 20 >> 2] + 1900,
          HEAP32[tmPtr + 16 >> 2],
          HEAP32[tmPtr + 12 >> 2],
          HEAP32[tmPtr + 8 >> 2],
          HEAP32[tmPtr + 4 >> 2],
          HEAP32[tmPtr >> 2],
          0
        );
        var date = new Date(time);
        HEAP32[tmPtr + 24 >> 2] = date.getUTCDay();
        var start = Date.UTC(date.getUTCFullYear(), 0, 1, 0, 0, 0, 0);
        var yday = (date.getTime() - start) / (1e3 * 60 * 60 * 24) | 0;
        HEAP32[tmPtr + 28 >> 2] = yday;
        return date.getTime() / 1e3;
      })();
      return BigInt(ret);
    };
    var __tzset_js = (timezone, daylight, std_name, dst_name) => {
      var currentYear = (/* @__PURE__ */ new Date()).getFullYear();
      var winter = new Date(currentYear, 0, 1);
      var summer = new Date(currentYear, 6, 1);
      var winterOffset = winter.getTimezoneOffset();
      var summerOffset = summer.getTimezoneOffset();
      var stdTimezoneOffset = Math.max(winterOffset, summerOffset);
      HEAPU32[timezone >> 2] = stdTimezoneOffset * 60;
      HEAP32[daylight >> 2] = Number(winterOffset != summerOffset);
      var extractZone = (timezoneOffset) => {
        var sign = timezoneOffset >= 0 ? "-" : "+";
        var absOffset = Math.abs(timezoneOffset);
        var hours = String(Math.floor(absOffset / 60)).padStart(2, "0");
        var minutes = String(absOffset % 60).padStart(2, "0");
        return `UTC${sign}${hours}${minutes}`;
      };
      var winterName = extractZone(winterOffset);
      var summerName = extractZone(summerOffset);
      if (summerOffset < winterOffset) {
        stringToUTF8(winterName, std_name, 17);
        stringToUTF8(summerName, dst_name, 17);
      } else {
        stringToUTF8(winterName, dst_name, 17);
        stringToUTF8(summerName, std_name, 17);
      }
    };
    var _emscripten_date_now = () => Date.now();
    var getHeapMax = () => (
      // Stay one Wasm page short of 4GB: while e.g. Chrome is able to allocate
      // full 4GB Wasm memories, the size will wrap back to 0 bytes in Wasm side
      // for any code that deals with heap sizes, which would require special
      // casing all heap size related code to treat 0 specially.
      2147483648
    );
    var growMemory = (size) => {
      var b = wasmMemory.buffer;
      var pages = (size - b.byteLength + 65535) / 65536 | 0;
      try {
        wasmMemory.grow(pages);
        updateMemoryViews();
        return 1;
      } catch (e) {
      }
    };
    var _emscripten_resize_heap = (requestedSize) => {
      var oldSize = HEAPU8.length;
      requestedSize >>>= 0;
      var maxHeapSize = getHeapMax();
      if (requestedSize > maxHeapSize) {
        return false;
      }
      for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
        var overGrownHeapSize = oldSize * (1 + 0.2 / cutDown);
        overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
        var newSize = Math.min(maxHeapSize, alignMemory(Math.max(requestedSize, overGrownHeapSize), 65536));
        var replacement = growMemory(newSize);
        if (replacement) {
          return true;
        }
      }
      return false;
    };
    var ENV = {};
    var getExecutableName = () => thisProgram || "./this.program";
    var getEnvStrings = () => {
      if (!getEnvStrings.strings) {
        var lang = (typeof navigator == "object" && navigator.languages && navigator.languages[0] || "C").replace("-", "_") + ".UTF-8";
        var env = {
          "USER": "web_user",
          "LOGNAME": "web_user",
          "PATH": "/",
          "PWD": "/",
          "HOME": "/home/web_user",
          "LANG": lang,
          "_": getExecutableName()
        };
        for (var x in ENV) {
          if (ENV[x] === void 0) delete env[x];
          else env[x] = ENV[x];
        }
        var strings = [];
        for (var x in env) {
          strings.push(`${x}=${env[x]}`);
        }
        getEnvStrings.strings = strings;
      }
      return getEnvStrings.strings;
    };
    var stringToAscii = (str, buffer) => {
      for (var i = 0; i < str.length; ++i) {
        HEAP8[buffer++] = str.charCodeAt(i);
      }
      HEAP8[buffer] = 0;
    };
    var _environ_get = (__environ, environ_buf) => {
      var bufSize = 0;
      getEnvStrings().forEach((string2, i) => {
        var ptr = environ_buf + bufSize;
        HEAPU32[__environ + i * 4 >> 2] = ptr;
        stringToAscii(string2, ptr);
        bufSize += string2.length + 1;
      });
      return 0;
    };
    var _environ_sizes_get = (penviron_count, penviron_buf_size) => {
      var strings = getEnvStrings();
      HEAPU32[penviron_count >> 2] = strings.length;
      var bufSize = 0;
      strings.forEach((string2) => bufSize += string2.length + 1);
      HEAPU32[penviron_buf_size >> 2] = bufSize;
      return 0;
    };
    var keepRuntimeAlive = () => noExitRuntime || runtimeKeepaliveCounter > 0;
    var _proc_exit = (code2) => {
      EXITSTATUS = code2;
      if (!keepRuntimeAlive()) {
        Module["onExit"]?.(code2);
        ABORT = true;
      }
      quit_(code2, new ExitStatus(code2));
    };
    var exitJS = (status, implicit) => {
      EXITSTATUS = status;
      _proc_exit(status);
    };
    var _exit = exitJS;
    function _fd_close(fd) {
      try {
        var stream = SYSCALLS.getStreamFromFD(fd);
        FS.close(stream);
        return 0;
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return e.errno;
      }
    }
    function _fd_fdstat_get(fd, pbuf) {
      try {
        var rightsBase = 0;
        var rightsInheriting = 0;
        var flags = 0;
        {
          var stream = SYSCALLS.getStreamFromFD(fd);
          var type = stream.tty ? 2 : FS.isDir(stream.mode) ? 3 : FS.isLink(stream.mode) ? 7 : 4;
        }
        HEAP8[pbuf] = type;
        HEAP16[pbuf + 2 >> 1] = flags;
        HEAP64[pbuf + 8 >> 3] = BigInt(rightsBase);
        HEAP64[pbuf + 16 >> 3] = BigInt(rightsInheriting);
        return 0;
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return e.errno;
      }
    }
    var doReadv = (stream, iov, iovcnt, offset) => {
      var ret = 0;
      for (var i = 0; i < iovcnt; i++) {
        var ptr = HEAPU32[iov >> 2];
        var len = HEAPU32[iov + 4 >> 2];
        iov += 8;
        var curr = FS.read(stream, HEAP8, ptr, len, offset);
        if (curr < 0) return -1;
        ret += curr;
        if (curr < len) break;
        if (typeof offset != "undefined") {
          offset += curr;
        }
      }
      return ret;
    };
    function _fd_read(fd, iov, iovcnt, pnum) {
      try {
        var stream = SYSCALLS.getStreamFromFD(fd);
        var num = doReadv(stream, iov, iovcnt);
        HEAPU32[pnum >> 2] = num;
        return 0;
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return e.errno;
      }
    }
    function _fd_seek(fd, offset, whence, newOffset) {
      offset = bigintToI53Checked(offset);
      try {
        if (isNaN(offset)) return 61;
        var stream = SYSCALLS.getStreamFromFD(fd);
        FS.llseek(stream, offset, whence);
        HEAP64[newOffset >> 3] = BigInt(stream.position);
        if (stream.getdents && offset === 0 && whence === 0) stream.getdents = null;
        return 0;
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return e.errno;
      }
      ;
    }
    var doWritev = (stream, iov, iovcnt, offset) => {
      var ret = 0;
      for (var i = 0; i < iovcnt; i++) {
        var ptr = HEAPU32[iov >> 2];
        var len = HEAPU32[iov + 4 >> 2];
        iov += 8;
        var curr = FS.write(stream, HEAP8, ptr, len, offset);
        if (curr < 0) return -1;
        ret += curr;
        if (curr < len) {
          break;
        }
        if (typeof offset != "undefined") {
          offset += curr;
        }
      }
      return ret;
    };
    function _fd_write(fd, iov, iovcnt, pnum) {
      try {
        var stream = SYSCALLS.getStreamFromFD(fd);
        var num = doWritev(stream, iov, iovcnt);
        HEAPU32[pnum >> 2] = num;
        return 0;
      } catch (e) {
        if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
        return e.errno;
      }
    }
    var arraySum = (array2, index2) => {
      var sum = 0;
      for (var i = 0; i <= index2; sum += array2[i++]) {
      }
      return sum;
    };
    var MONTH_DAYS_LEAP = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    var MONTH_DAYS_REGULAR = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    var addDays = (date, days) => {
      var newDate = new Date(date.getTime());
      while (days > 0) {
        var leap = isLeapYear(newDate.getFullYear());
        var currentMonth = newDate.getMonth();
        var daysInCurrentMonth = (leap ? MONTH_DAYS_LEAP : MONTH_DAYS_REGULAR)[currentMonth];
        if (days > daysInCurrentMonth - newDate.getDate()) {
          days -= daysInCurrentMonth - newDate.getDate() + 1;
          newDate.setDate(1);
          if (currentMonth < 11) {
            newDate.setMonth(currentMonth + 1);
          } else {
            newDate.setMonth(0);
            newDate.setFullYear(newDate.getFullYear() + 1);
          }
        } else {
          newDate.setDate(newDate.getDate() + days);
          return newDate;
        }
      }
      return newDate;
    };
    var jstoi_q = (str) => parseInt(str);
    var _strptime = (buf, format, tm) => {
      var pattern = UTF8ToString(format);
      var SPECIAL_CHARS = "\\!@#$^&*()+=-[]/{}|:<>?,.";
      for (var i = 0, ii = SPECIAL_CHARS.length; i < ii; ++i) {
        pattern = pattern.replace(new RegExp("\\" + SPECIAL_CHARS[i], "g"), "\\" + SPECIAL_CHARS[i]);
      }
      var EQUIVALENT_MATCHERS = {
        "A": "%a",
        "B": "%b",
        "c": "%a %b %d %H:%M:%S %Y",
        "D": "%m\\/%d\\/%y",
        "e": "%d",
        "F": "%Y-%m-%d",
        "h": "%b",
        "R": "%H\\:%M",
        "r": "%I\\:%M\\:%S\\s%p",
        "T": "%H\\:%M\\:%S",
        "x": "%m\\/%d\\/(?:%y|%Y)",
        "X": "%H\\:%M\\:%S"
      };
      var DATE_PATTERNS = {
        /* weekday name */
        "a": "(?:Sun(?:day)?)|(?:Mon(?:day)?)|(?:Tue(?:sday)?)|(?:Wed(?:nesday)?)|(?:Thu(?:rsday)?)|(?:Fri(?:day)?)|(?:Sat(?:urday)?)",
        /* month name */
        "b": "(?:Jan(?:uary)?)|(?:Feb(?:ruary)?)|(?:Mar(?:ch)?)|(?:Apr(?:il)?)|May|(?:Jun(?:e)?)|(?:Jul(?:y)?)|(?:Aug(?:ust)?)|(?:Sep(?:tember)?)|(?:Oct(?:ober)?)|(?:Nov(?:ember)?)|(?:Dec(?:ember)?)",
        /* century */
        "C": "\\d\\d",
        /* day of month */
        "d": "0[1-9]|[1-9](?!\\d)|1\\d|2\\d|30|31",
        /* hour (24hr) */
        "H": "\\d(?!\\d)|[0,1]\\d|20|21|22|23",
        /* hour (12hr) */
        "I": "\\d(?!\\d)|0\\d|10|11|12",
        /* day of year */
        "j": "00[1-9]|0?[1-9](?!\\d)|0?[1-9]\\d(?!\\d)|[1,2]\\d\\d|3[0-6]\\d",
        /* month */
        "m": "0[1-9]|[1-9](?!\\d)|10|11|12",
        /* minutes */
        "M": "0\\d|\\d(?!\\d)|[1-5]\\d",
        /* whitespace */
        "n": " ",
        /* AM/PM */
        "p": "AM|am|PM|pm|A\\.M\\.|a\\.m\\.|P\\.M\\.|p\\.m\\.",
        /* seconds */
        "S": "0\\d|\\d(?!\\d)|[1-5]\\d|60",
        /* week number */
        "U": "0\\d|\\d(?!\\d)|[1-4]\\d|50|51|52|53",
        /* week number */
        "W": "0\\d|\\d(?!\\d)|[1-4]\\d|50|51|52|53",
        /* weekday number */
        "w": "[0-6]",
        /* 2-digit year */
        "y": "\\d\\d",
        /* 4-digit year */
        "Y": "\\d\\d\\d\\d",
        /* whitespace */
        "t": " ",
        /* time zone */
        "z": "Z|(?:[\\+\\-]\\d\\d:?(?:\\d\\d)?)"
      };
      var MONTH_NUMBERS2 = { JAN: 0, FEB: 1, MAR: 2, APR: 3, MAY: 4, JUN: 5, JUL: 6, AUG: 7, SEP: 8, OCT: 9, NOV: 10, DEC: 11 };
      var DAY_NUMBERS_SUN_FIRST = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };
      var DAY_NUMBERS_MON_FIRST = { MON: 0, TUE: 1, WED: 2, THU: 3, FRI: 4, SAT: 5, SUN: 6 };
      var capture = [];
      var pattern_out = pattern.replace(/%(.)/g, (m, c) => EQUIVALENT_MATCHERS[c] || m).replace(/%(.)/g, (_, c) => {
        let pat = DATE_PATTERNS[c];
        if (pat) {
          capture.push(c);
          return `(${pat})`;
        } else {
          return c;
        }
      }).replace(
        // any number of space or tab characters match zero or more spaces
        /\s+/g,
        "\\s*"
      );
      var matches2 = new RegExp("^" + pattern_out, "i").exec(UTF8ToString(buf));
      function initDate() {
        function fixup(value2, min, max) {
          return typeof value2 != "number" || isNaN(value2) ? min : value2 >= min ? value2 <= max ? value2 : max : min;
        }
        ;
        return {
          year: fixup(HEAP32[tm + 20 >> 2] + 1900, 1970, 9999),
          month: fixup(HEAP32[tm + 16 >> 2], 0, 11),
          day: fixup(HEAP32[tm + 12 >> 2], 1, 31),
          hour: fixup(HEAP32[tm + 8 >> 2], 0, 23),
          min: fixup(HEAP32[tm + 4 >> 2], 0, 59),
          sec: fixup(HEAP32[tm >> 2], 0, 59),
          gmtoff: 0
        };
      }
      ;
      if (matches2) {
        var date = initDate();
        var value;
        var getMatch = (symbol) => {
          var pos = capture.indexOf(symbol);
          if (pos >= 0) {
            return matches2[pos + 1];
          }
          return;
        };
        if (value = getMatch("S")) {
          date.sec = jstoi_q(value);
        }
        if (value = getMatch("M")) {
          date.min = jstoi_q(value);
        }
        if (value = getMatch("H")) {
          date.hour = jstoi_q(value);
        } else if (value = getMatch("I")) {
          var hour = jstoi_q(value);
          if (value = getMatch("p")) {
            hour += value.toUpperCase()[0] === "P" ? 12 : 0;
          }
          date.hour = hour;
        }
        if (value = getMatch("Y")) {
          date.year = jstoi_q(value);
        } else if (value = getMatch("y")) {
          var year = jstoi_q(value);
          if (value = getMatch("C")) {
            year += jstoi_q(value) * 100;
          } else {
            year += year < 69 ? 2e3 : 1900;
          }
          date.year = year;
        }
        if (value = getMatch("m")) {
          date.month = jstoi_q(value) - 1;
        } else if (value = getMatch("b")) {
          date.month = MONTH_NUMBERS2[value.substring(0, 3).toUpperCase()] || 0;
        }
        if (value = getMatch("d")) {
          date.day = jstoi_q(value);
        } else if (value = getMatch("j")) {
          var day = jstoi_q(value);
          var leapYear = isLeapYear(date.year);
          for (var month = 0; month < 12; ++month) {
            var daysUntilMonth = arraySum(leapYear ? MONTH_DAYS_LEAP : MONTH_DAYS_REGULAR, month - 1);
            if (day <= daysUntilMonth + (leapYear ? MONTH_DAYS_LEAP : MONTH_DAYS_REGULAR)[month]) {
              date.day = day - daysUntilMonth;
            }
          }
        } else if (value = getMatch("a")) {
          var weekDay = value.substring(0, 3).toUpperCase();
          if (value = getMatch("U")) {
            var weekDayNumber = DAY_NUMBERS_SUN_FIRST[weekDay];
            var weekNumber = jstoi_q(value);
            var janFirst = new Date(date.year, 0, 1);
            var endDate;
            if (janFirst.getDay() === 0) {
              endDate = addDays(janFirst, weekDayNumber + 7 * (weekNumber - 1));
            } else {
              endDate = addDays(janFirst, 7 - janFirst.getDay() + weekDayNumber + 7 * (weekNumber - 1));
            }
            date.day = endDate.getDate();
            date.month = endDate.getMonth();
          } else if (value = getMatch("W")) {
            var weekDayNumber = DAY_NUMBERS_MON_FIRST[weekDay];
            var weekNumber = jstoi_q(value);
            var janFirst = new Date(date.year, 0, 1);
            var endDate;
            if (janFirst.getDay() === 1) {
              endDate = addDays(janFirst, weekDayNumber + 7 * (weekNumber - 1));
            } else {
              endDate = addDays(janFirst, 7 - janFirst.getDay() + 1 + weekDayNumber + 7 * (weekNumber - 1));
            }
            date.day = endDate.getDate();
            date.month = endDate.getMonth();
          }
        }
        if (value = getMatch("z")) {
          if (value.toLowerCase() === "z") {
            date.gmtoff = 0;
          } else {
            var match = value.match(/^((?:\-|\+)\d\d):?(\d\d)?/);
            date.gmtoff = match[1] * 3600;
            if (match[2]) {
              date.gmtoff += date.gmtoff > 0 ? match[2] * 60 : -match[2] * 60;
            }
          }
        }
        var fullDate = new Date(date.year, date.month, date.day, date.hour, date.min, date.sec, 0);
        HEAP32[tm >> 2] = fullDate.getSeconds();
        HEAP32[tm + 4 >> 2] = fullDate.getMinutes();
        HEAP32[tm + 8 >> 2] = fullDate.getHours();
        HEAP32[tm + 12 >> 2] = fullDate.getDate();
        HEAP32[tm + 16 >> 2] = fullDate.getMonth();
        HEAP32[tm + 20 >> 2] = fullDate.getFullYear() - 1900;
        HEAP32[tm + 24 >> 2] = fullDate.getDay();
        HEAP32[tm + 28 >> 2] = arraySum(isLeapYear(fullDate.getFullYear()) ? MONTH_DAYS_LEAP : MONTH_DAYS_REGULAR, fullDate.getMonth() - 1) + fullDate.getDate() - 1;
        HEAP32[tm + 32 >> 2] = 0;
        HEAP32[tm + 36 >> 2] = date.gmtoff;
        return buf + intArrayFromString(matches2[0]).length - 1;
      }
      return 0;
    };
    var handleException = (e) => {
      if (e instanceof ExitStatus || e == "unwind") {
        return EXITSTATUS;
      }
      quit_(1, e);
    };
    var stackAlloc = (sz) => __emscripten_stack_alloc(sz);
    var stringToUTF8OnStack = (str) => {
      var size = lengthBytesUTF8(str) + 1;
      var ret = stackAlloc(size);
      stringToUTF8(str, ret, size);
      return ret;
    };
    FS.createPreloadedFile = FS_createPreloadedFile;
    FS.staticInit();
    ;
    MEMFS.doesNotExistError = new FS.ErrnoError(44);
    MEMFS.doesNotExistError.stack = "<generic error, no stack>";
    ;
    var wasmImports = {
      /** @export */
      __assert_fail: ___assert_fail,
      /** @export */
      __call_sighandler: ___call_sighandler,
      /** @export */
      __syscall_fcntl64: ___syscall_fcntl64,
      /** @export */
      __syscall_fstat64: ___syscall_fstat64,
      /** @export */
      __syscall_getcwd: ___syscall_getcwd,
      /** @export */
      __syscall_ioctl: ___syscall_ioctl,
      /** @export */
      __syscall_lstat64: ___syscall_lstat64,
      /** @export */
      __syscall_newfstatat: ___syscall_newfstatat,
      /** @export */
      __syscall_openat: ___syscall_openat,
      /** @export */
      __syscall_readlinkat: ___syscall_readlinkat,
      /** @export */
      __syscall_stat64: ___syscall_stat64,
      /** @export */
      _abort_js: __abort_js,
      /** @export */
      _emscripten_runtime_keepalive_clear: __emscripten_runtime_keepalive_clear,
      /** @export */
      _gmtime_js: __gmtime_js,
      /** @export */
      _localtime_js: __localtime_js,
      /** @export */
      _timegm_js: __timegm_js,
      /** @export */
      _tzset_js: __tzset_js,
      /** @export */
      emscripten_date_now: _emscripten_date_now,
      /** @export */
      emscripten_resize_heap: _emscripten_resize_heap,
      /** @export */
      environ_get: _environ_get,
      /** @export */
      environ_sizes_get: _environ_sizes_get,
      /** @export */
      exit: _exit,
      /** @export */
      fd_close: _fd_close,
      /** @export */
      fd_fdstat_get: _fd_fdstat_get,
      /** @export */
      fd_read: _fd_read,
      /** @export */
      fd_seek: _fd_seek,
      /** @export */
      fd_write: _fd_write,
      /** @export */
      proc_exit: _proc_exit,
      /** @export */
      strptime: _strptime
    };
    var wasmExports = await createWasm();
    var ___wasm_call_ctors = wasmExports["__wasm_call_ctors"];
    var _main = Module["_main"] = wasmExports["__main_argc_argv"];
    var __emscripten_stack_restore = wasmExports["_emscripten_stack_restore"];
    var __emscripten_stack_alloc = wasmExports["_emscripten_stack_alloc"];
    var _emscripten_stack_get_current = wasmExports["emscripten_stack_get_current"];
    Module["callMain"] = callMain;
    function callMain(args = []) {
      var entryFunction = _main;
      args.unshift(thisProgram);
      var argc = args.length;
      var argv = stackAlloc((argc + 1) * 4);
      var argv_ptr = argv;
      args.forEach((arg) => {
        HEAPU32[argv_ptr >> 2] = stringToUTF8OnStack(arg);
        argv_ptr += 4;
      });
      HEAPU32[argv_ptr >> 2] = 0;
      try {
        var ret = entryFunction(argc, argv);
        exitJS(
          ret,
          /* implicit = */
          true
        );
        return ret;
      } catch (e) {
        return handleException(e);
      }
    }
    function run3(args = arguments_) {
      if (runDependencies > 0) {
        dependenciesFulfilled = run3;
        return;
      }
      preRun();
      if (runDependencies > 0) {
        dependenciesFulfilled = run3;
        return;
      }
      function doRun() {
        Module["calledRun"] = true;
        if (ABORT) return;
        initRuntime();
        preMain();
        readyPromiseResolve(Module);
        Module["onRuntimeInitialized"]?.();
        var noInitialRun = Module["noInitialRun"];
        if (!noInitialRun) callMain(args);
        postRun();
      }
      if (Module["setStatus"]) {
        Module["setStatus"]("Running...");
        setTimeout(() => {
          setTimeout(() => Module["setStatus"](""), 1);
          doRun();
        }, 1);
      } else {
        doRun();
      }
    }
    if (Module["preInit"]) {
      if (typeof Module["preInit"] == "function") Module["preInit"] = [Module["preInit"]];
      while (Module["preInit"].length > 0) {
        Module["preInit"].pop()();
      }
    }
    run3();
    const NEWLINE = 10;
    const utf8Decoder = new TextDecoder();
    function fromByteArray(data) {
      let u8Array = new Uint8Array(data);
      if (u8Array[u8Array.length - 1] === NEWLINE) {
        u8Array = new Uint8Array(u8Array.buffer, 0, u8Array.length - 1);
      }
      return utf8Decoder.decode(u8Array);
    }
    function raw(jsonstring, filter, flags) {
      outBuffer = [];
      errBuffer = [];
      flags = flags || [];
      let mainErr, stdout, stderr, exitCode;
      const stackBefore = stackSave();
      let preExitCode;
      if (typeof process !== "undefined") {
        preExitCode = process.exitCode;
      }
      FS.writeFile("inputString", jsonstring);
      let files = [];
      try {
        for (let i = 0; i < flags.length; i++) {
          if (flags[i] !== "--argjson") {
            continue;
          }
          const fileIndex = i + 2;
          const argName = "$" + flags[i + 1];
          const fileName = "file_" + fileIndex;
          flags[i] = "--slurpfile";
          if (typeof filter === "string") {
            filter = argName + "[0] as " + argName + " | " + filter;
          }
          FS.writeFile(fileName, flags[fileIndex]);
          files.push(fileName);
          flags[fileIndex] = "file_" + fileIndex;
        }
        exitCode = Module.callMain(flags.concat(filter, "inputString"));
      } catch (e) {
        mainErr = e;
      } finally {
        files.forEach((file) => FS.unlink(file));
        files = [];
      }
      if (preExitCode !== void 0) {
        process.exitCode = preExitCode;
      }
      stackRestore(stackBefore);
      FS.streams.forEach((stream) => stream && FS.close(stream));
      if (FS.streams.length > 3) FS.streams = FS.streams.slice(0, 3);
      FS.streams[0] = FS.open("/dev/stdin", "r");
      FS.streams[1] = FS.open("/dev/stdout", 577, 0);
      FS.streams[2] = FS.open("/dev/stderr", 577, 0);
      if (errBuffer.length) {
        stderr = fromByteArray(errBuffer).trim();
      }
      if (outBuffer.length) {
        stdout = fromByteArray(outBuffer);
      }
      try {
        if (mainErr) {
          throw mainErr;
        } else if (exitCode) {
          let errMsg = `Non-zero exit code: ${exitCode}`;
          if (stderr) errMsg += `
${stderr}`;
          const err2 = new Error(errMsg);
          err2.exitCode = exitCode;
          if (stderr) err2.stderr += stderr;
          throw err2;
        } else if (stderr) {
          console.warn("%cstderr%c: %c%s", "background:red;color:black", "", "color:red", stderr);
        }
      } catch (e) {
        if (stderr) e.stderr = stderr;
        throw e;
      }
      return stdout;
    }
    function json(json2, filter) {
      var jsonstring = JSON.stringify(json2);
      var result = raw(jsonstring, filter, ["-c"]).trim();
      if (result.indexOf("\n") !== -1) {
        return result.split("\n").filter(function(x) {
          return x;
        }).reduce(function(acc, line) {
          return acc.concat(JSON.parse(line));
        }, []);
      } else {
        return JSON.parse(result);
      }
    }
    Object.assign(
      Module,
      { json, raw }
    );
    moduleRtn = readyPromise;
    return moduleRtn;
  });
})();
var jq_default = jq;

// src/mapping/jq-wasm.ts
async function loadJqWasm() {
  const runtime = globalThis;
  if (runtime.navigator?.userAgent === "Cloudflare-Workers") {
    return (await import("jq-web/jq.wasm")).default;
  }
  const meta = import.meta;
  return compile(await readBytes(new URL(meta.resolve("jq-web/jq.wasm"))));
}
function compile(bytes) {
  return WebAssembly.compile(bytes);
}
async function readBytes(url) {
  if ("Deno" in globalThis) return (await fetch(url)).arrayBuffer();
  const fsModule = "node:fs/promises";
  const fs = await import(
    /* @vite-ignore */
    fsModule
  );
  return fs.readFile(url);
}

// src/mapping/jq.ts
var JQ_MEMORY_RECYCLE_BYTES = 48 * 1024 * 1024;
var JqError = class extends Error {
  constructor(exitCode, stderr) {
    super(stderr || `jq exited with code ${exitCode}`);
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
  name = "JqError";
};
var current;
var wasm;
var instantiations = 0;
async function instantiate() {
  instantiations++;
  wasm ??= loadJqWasm().catch((error) => {
    wasm = void 0;
    throw error;
  });
  const module = await wasm;
  let memory;
  const jq2 = await jq_default({
    instantiateWasm(imports, receive) {
      const instance2 = new WebAssembly.Instance(module, imports);
      memory = instance2.exports.memory;
      receive(instance2, module);
      return {};
    }
  });
  if (!memory) throw new Error("jq-web did not instantiate its wasm module");
  return { jq: jq2, memory };
}
function instance() {
  current ??= instantiate().catch((error) => {
    current = void 0;
    throw error;
  });
  return current;
}
async function runJq(program, inputText, options = {}) {
  const pending = instance();
  const { jq: jq2, memory } = await pending;
  const flags = ["-c"];
  for (const [name, value] of Object.entries(options.args ?? {})) flags.push("--arg", name, value);
  let stdout;
  try {
    stdout = jq2.raw(inputText, program, flags);
  } catch (error) {
    const { exitCode, stderr } = error;
    if (typeof exitCode === "number") throw new JqError(exitCode, typeof stderr === "string" ? stderr : "");
    if (current === pending) current = void 0;
    throw error;
  } finally {
    if (memory.buffer.byteLength > JQ_MEMORY_RECYCLE_BYTES && current === pending) current = void 0;
  }
  return stdout === void 0 || stdout === "" ? [] : stdout.split("\n");
}

// src/mapping/template.ts
function rewriteSingleQuotes(program) {
  return program.replace(/(^|\s)'(?!\s|")|(?<!\s|")'(\s|$)/g, '$1"$2');
}
var ENTITY_KEYS = ["identifier", "title", "blueprint", "icon", "team", "properties", "relations"];
function flattenMappings(mappings) {
  const leaves = [];
  const visit = (template, field) => {
    if (template === null) return { constant: null };
    if (typeof template === "string") {
      leaves.push({ field, source: template, program: rewriteSingleQuotes(template) });
      return { leaf: leaves.length - 1 };
    }
    if (Array.isArray(template)) return { list: template.map((item, i) => visit(item, `${field}[${i}]`)) };
    return {
      object: Object.entries(template).map(([key, value]) => [key, visit(value, `${field}.${key}`)])
    };
  };
  const entries = [];
  for (const key of ENTITY_KEYS) {
    const value = mappings[key];
    if (value !== void 0) entries.push([key, visit(value, key)]);
  }
  return { shape: { object: entries }, leaves };
}
function assemble(shape, leaves, onError) {
  if ("constant" in shape) return null;
  if ("leaf" in shape) {
    const error = leaves.errors[shape.leaf];
    if (error === void 0) return leaves.values[shape.leaf];
    onError(shape.leaf, error);
    return null;
  }
  if ("list" in shape) return shape.list.map((item) => assemble(item, leaves, onError));
  const out = {};
  for (const [key, value] of shape.object) out[key] = assemble(value, leaves, onError);
  return out;
}

// src/mapping/program.ts
var MODE_ARG = "__ps_mode";
var MODE_ALL = "all";
var MODE_PASSED = "passed";
var embed = (program) => `(${program}
)`;
var firstOrNull = (program) => `(label $__ps_o | ${embed(program)}, null | ., break $__ps_o)`;
var guarded = (program) => `(try [${firstOrNull(program)}] catch __ps_err)`;
var HELPERS = `def __ps_err: if type == "string" then . else tojson end;
`;
function preamble(env) {
  const literal = JSON.stringify(env);
  return `def env: ${literal}; ${literal} as $ENV |
`;
}
function planResource(resource, resourceIndex, env, engine) {
  const compile2 = (field, source2) => compileExpression(field, source2, rewriteSingleQuotes(source2), engine);
  const { shape, leaves: templateLeaves } = flattenMappings(resource.port.entity.mappings);
  const leaves = templateLeaves.map((leaf) => compileExpression(leaf.field, leaf.source, leaf.program, engine));
  const identifierShape = "object" in shape ? shape.object.find(([key]) => key === "identifier")?.[1] : void 0;
  const identifierLeaf = identifierShape && "leaf" in identifierShape ? identifierShape.leaf : void 0;
  const selector = compile2("selector.query", resource.selector.query);
  const source = resource.port.itemsToParse;
  const itemsToParse = source ? {
    expression: compile2("port.itemsToParse", source),
    ...resource.port.itemsToParseTopLevelTransform && {
      parent: compileExpression(
        "port.itemsToParseTopLevelTransform",
        `del(${source})`,
        `del(${embed(rewriteSingleQuotes(source))})`,
        engine
      )
    },
    name: resource.port.itemsToParseName
  } : void 0;
  const fallbackLeaves = leaves.flatMap((leaf, index2) => leaf.native ? [] : [index2]);
  return {
    resourceIndex,
    kind: resource.kind,
    selector,
    itemsToParse,
    leaves,
    shape,
    identifierLeaf,
    itemsProgram: itemsToParse && itemsFallback(itemsToParse, env),
    entityProgram: entityFallback(selector, fallbackLeaves.map((index2) => leaves[index2]), env),
    fallbackLeaves
  };
}
function planExpressions(plan) {
  const items2 = plan.itemsToParse ? [plan.itemsToParse.expression, ...plan.itemsToParse.parent ? [plan.itemsToParse.parent] : []] : [];
  return [plan.selector, ...items2, ...plan.leaves];
}
function itemsFallback(plan, env) {
  const slot = (expression) => expression && !expression.native ? guarded(expression.program) : "null";
  if (plan.expression.native && (!plan.parent || plan.parent.native)) return void 0;
  return `${preamble(env)}${HELPERS}.[] | [${slot(plan.expression)}, ${slot(plan.parent)}]`;
}
function entityFallback(selector, leaves, env) {
  const results = leaves.map((leaf) => guarded(leaf.program)).join(",\n");
  const head = `${preamble(env)}${HELPERS}.[] | `;
  if (selector.native) return leaves.length === 0 ? void 0 : `${head}[null, ${results}]`;
  return `${head}${guarded(selector.program)} as $__ps_s
  | if $__ps_s == [false] and $${MODE_ARG} != "${MODE_ALL}" then [$__ps_s] else [$__ps_s${leaves.length ? `, ${results}` : ""}] end`;
}

// src/mapping/run.ts
var DEFAULT_CALL_BOUNDS = { maxItemsPerCall: 2e3, maxBytesPerCall: 2 * 1024 * 1024 };
var emptyPage = () => ({ entities: [], rejected: [], issues: [], skipped: 0, filtered: 0 });
function mergePages(into, page) {
  into.entities.push(...page.entities);
  into.rejected.push(...page.rejected);
  into.issues.push(...page.issues);
  into.skipped += page.skipped;
  into.filtered += page.filtered;
  return into;
}
function chunkItems(texts, bounds) {
  const chunks = [];
  let current2 = [];
  let size = 0;
  for (const text of texts) {
    if (current2.length > 0 && (current2.length >= bounds.maxItemsPerCall || size + text.length > bounds.maxBytesPerCall)) {
      chunks.push(current2);
      current2 = [];
      size = 0;
    }
    current2.push(text);
    size += text.length + 1;
  }
  if (current2.length > 0) chunks.push(current2);
  return chunks;
}
async function mapItems(plan, items2, parseAll, bounds) {
  const page = emptyPage();
  const mode = parseAll ? MODE_ALL : MODE_PASSED;
  const inputs = plan.itemsToParse ? await expandItems(plan, plan.itemsToParse, items2, bounds, mode) : items2.map((value, item) => ({ item, value }));
  const native = plan.selector.native;
  const selectors = inputs.map((input) => native && "value" in input ? evaluate(native, input.value) : void 0);
  const rows = [];
  if (plan.entityProgram) {
    const wanted = inputs.flatMap(
      (input, i) => "value" in input && (!native || needsLeaves(selectors[i], parseAll)) ? [i] : []
    );
    const results = await runBatch(plan, plan.entityProgram, wanted.map((i) => inputs[i].value), bounds, mode);
    wanted.forEach((i, k) => rows[i] = results[k]);
  }
  const natives = plan.leaves.map((expression) => expression.native);
  const slots = [];
  plan.fallbackLeaves.forEach((leaf, k) => slots[leaf] = k + 1);
  const leaves = { values: new Array(natives.length).fill(null), errors: new Array(natives.length).fill(void 0) };
  const computeLeaf = (index2, value, row2) => {
    const native2 = natives[index2];
    if (native2) return evaluateInto(native2, value, leaves, index2);
    const result = row2?.[slots[index2]];
    leaves.values[index2] = Array.isArray(result) ? result[0] : null;
    leaves.errors[index2] = Array.isArray(result) ? void 0 : result ?? "no result";
  };
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    if ("problem" in input) {
      page.issues.push(issue(plan, void 0, "port.itemsToParse", input.problem));
      continue;
    }
    const row2 = rows[i];
    const selector = selectors[i] ?? row2[0];
    if (Array.isArray(selector) && typeof selector[0] === "boolean") {
      if (!selector[0]) page.filtered++;
      if (!selector[0] && !parseAll) continue;
      for (let index2 = 0; index2 < natives.length; index2++) computeLeaf(index2, input.value, row2);
      addEntity(plan, leaves, input.item, selector[0] ? page.entities : page.rejected, page);
      continue;
    }
    let item;
    if (plan.identifierLeaf !== void 0) {
      computeLeaf(plan.identifierLeaf, input.value, row2);
      const probe = leaves.values[plan.identifierLeaf];
      if (leaves.errors[plan.identifierLeaf] === void 0 && typeof probe === "string") item = probe;
    }
    const outcome = Array.isArray(selector) ? { v: selector[0] } : { e: selector };
    page.issues.push(issue(plan, item, "selector.query", selectorProblem(plan, outcome)));
  }
  return page;
}
function needsLeaves(selector, parseAll) {
  return !(Array.isArray(selector) && selector[0] === false && !parseAll);
}
async function expandItems(plan, parse2, items2, bounds, mode) {
  const rows = plan.itemsProgram ? await runBatch(plan, plan.itemsProgram, items2, bounds, mode) : [];
  const inputs = [];
  items2.forEach((parent, item) => {
    const result = (expression, slot) => expression.native ? evaluate(expression.native, parent) : rows[item][slot];
    const list = result(parse2.expression, 0);
    const source = parse2.expression.source;
    if (!Array.isArray(list)) return inputs.push({ item, problem: `itemsToParse ${source} failed: ${list}` });
    if (!Array.isArray(list[0])) {
      return inputs.push({ item, problem: `itemsToParse ${source}: expected a list, got ${jqType(list[0])}; item skipped` });
    }
    if (jqType(parent) !== "object") return inputs.push({ item, problem: `itemsToParse needs object items, got ${jqType(parent)}; item skipped` });
    const trimmed = parse2.parent ? result(parse2.parent, 1) : [parent];
    const base = Array.isArray(trimmed) ? trimmed[0] : parent;
    for (const element of list[0]) inputs.push({ item, value: { ...base, [parse2.name]: element } });
  });
  return inputs;
}
async function runBatch(plan, program, values, bounds, mode) {
  const results = [];
  if (values.length === 0) return results;
  const texts = values.map((value) => JSON.stringify(value) ?? "null");
  for (const chunk of chunkItems(texts, bounds)) {
    const lines = await runJq(program, `[${chunk.join(",")}]`, { args: { [MODE_ARG]: mode } });
    if (lines.length !== chunk.length) {
      throw new Error(`mapping ${plan.kind}: jq returned ${lines.length} results for ${chunk.length} items`);
    }
    for (const line of lines) results.push(JSON.parse(line));
  }
  return results;
}
function selectorProblem(plan, outcome) {
  if ("e" in outcome) return `selector query '${plan.selector.source}' failed: ${outcome.e}`;
  return `Expected boolean value for pattern '${plan.selector.source}', got value:${JSON.stringify(outcome.v)} of type: ${jqType(outcome.v)} instead`;
}
function addEntity(plan, leaves, itemIndex, into, page) {
  let failures;
  const mapped = assemble(plan.shape, leaves, (leaf, message) => (failures ??= []).push([plan.leaves[leaf].field, message]));
  const identifier = mapped.identifier;
  const item = typeof identifier === "string" ? identifier : void 0;
  if (failures) for (const [field, message] of failures) page.issues.push(issue(plan, item, field, message));
  if (!truthy(identifier) || !truthy(mapped.blueprint)) {
    page.skipped++;
    return;
  }
  if (typeof identifier !== "string" && !isSearchQuery(identifier)) {
    page.issues.push(issue(plan, void 0, "identifier", `must be a string or a search query, got ${jqType(identifier)}`));
    page.skipped++;
    return;
  }
  if (typeof mapped.blueprint !== "string") {
    page.issues.push(issue(plan, item, "blueprint", `must be a string, got ${jqType(mapped.blueprint)}`));
    page.skipped++;
    return;
  }
  const entity = { identifier };
  if ("title" in mapped) entity.title = mapped.title;
  entity.blueprint = mapped.blueprint;
  if ("icon" in mapped) entity.icon = mapped.icon;
  if ("team" in mapped) entity.team = mapped.team;
  entity.properties = mapped.properties ?? {};
  entity.relations = mapped.relations ?? {};
  into.push({ entity, resourceIndex: plan.resourceIndex, item: itemIndex });
}
function issue(plan, item, field, message) {
  const found = { kind: plan.kind, resourceIndex: plan.resourceIndex, field, message };
  if (item !== void 0) found.item = item;
  return found;
}
function truthy(value) {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}
function isSearchQuery(value) {
  return value !== null && typeof value === "object" && Array.isArray(value.rules);
}
function jqType(value) {
  if (value === null || value === void 0) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

// src/mapping/compile.ts
async function compileMapping(config, source, options = {}) {
  const env = options.env ?? {};
  const bounds = {
    maxItemsPerCall: options.maxItemsPerCall ?? DEFAULT_CALL_BOUNDS.maxItemsPerCall,
    maxBytesPerCall: options.maxBytesPerCall ?? DEFAULT_CALL_BOUNDS.maxBytesPerCall
  };
  const plans = config.resources.map((resource, index2) => planResource(resource, index2, env, options.engine ?? mappingEngine()));
  const problems = [];
  for (const plan of plans) problems.push(...await compileProblems(plan, env));
  if (problems.length > 0) throw new MappingConfigError(source, problems);
  const mapResource = (resourceIndex, items2, mapOptions = {}) => {
    const plan = plans[resourceIndex];
    if (!plan) throw new RangeError(`${source}: no resource at index ${resourceIndex}`);
    return mapItems(plan, items2, mapOptions.parseAll ?? false, bounds);
  };
  return {
    config,
    source,
    hash: await sha256Hex(canonicalJson(config)),
    resources: plans.map((plan) => {
      const expressions = planExpressions(plan);
      const fallback = expressions.flatMap((e) => e.native ? [] : [{ field: e.field, expression: e.source, feature: e.fallback }]);
      return {
        index: plan.resourceIndex,
        kind: plan.kind,
        selector: config.resources[plan.resourceIndex].selector,
        compiled: expressions.length - fallback.length,
        fallback
      };
    }),
    mapResource,
    async mapKind(kind, items2, mapOptions = {}) {
      const page = emptyPage();
      for (const plan of plans) {
        if (plan.kind === kind) mergePages(page, await mapResource(plan.resourceIndex, items2, mapOptions));
      }
      return page;
    }
  };
}
async function compileProblems(plan, env) {
  const programs = [plan.itemsProgram, plan.entityProgram].filter((program) => program !== void 0);
  let whole;
  for (const program of programs) whole ??= await compileError(program);
  if (whole === void 0) return [];
  const problems = [];
  for (const expression of planExpressions(plan)) {
    if (expression.native || expression === plan.itemsToParse?.parent) continue;
    const error = await compileError(`${preamble(env)}empty | ${expression.program}
`);
    if (error !== void 0) {
      const leaf = plan.leaves.includes(expression);
      problems.push({
        resourceIndex: plan.resourceIndex,
        field: leaf ? `port.entity.mappings.${expression.field}` : expression.field,
        message: `jq cannot compile ${JSON.stringify(expression.source)}: ${error}`
      });
    }
  }
  if (problems.length === 0) throw new Error(`resource ${plan.resourceIndex} (${plan.kind}) compiled to invalid jq: ${whole}`);
  return problems;
}
async function compileError(program) {
  try {
    await runJq(program, "[]", { args: { [MODE_ARG]: MODE_PASSED } });
    return void 0;
  } catch (error) {
    if (error instanceof JqError && error.exitCode === 3) return compileMessage(error.stderr);
    throw error;
  }
}
function compileMessage(stderr) {
  const lines = stderr.split("\n").filter((line) => line.startsWith("jq: error")).map((line) => line.replace(/^jq: error: /, "").replace(/ at <top-level>, line \d+:$/, ""));
  return lines.length > 0 ? lines.join("; ") : stderr.trim();
}

// node_modules/valibot/dist/index.mjs
var store$4;
// @__NO_SIDE_EFFECTS__
function getGlobalConfig(config$1) {
  return {
    lang: config$1?.lang ?? store$4?.lang,
    message: config$1?.message,
    abortEarly: config$1?.abortEarly ?? store$4?.abortEarly,
    abortPipeEarly: config$1?.abortPipeEarly ?? store$4?.abortPipeEarly
  };
}
var store$3;
// @__NO_SIDE_EFFECTS__
function getGlobalMessage(lang) {
  return store$3?.get(lang);
}
var store$2;
// @__NO_SIDE_EFFECTS__
function getSchemaMessage(lang) {
  return store$2?.get(lang);
}
var store$1;
// @__NO_SIDE_EFFECTS__
function getSpecificMessage(reference, lang) {
  return store$1?.get(reference)?.get(lang);
}
// @__NO_SIDE_EFFECTS__
function _stringify(input) {
  const type = typeof input;
  if (type === "string") return `"${input}"`;
  if (type === "number" || type === "bigint" || type === "boolean") return `${input}`;
  if (type === "object" || type === "function") return (input && Object.getPrototypeOf(input)?.constructor?.name) ?? "null";
  return type;
}
function _addIssue(context, label, dataset, config$1, other) {
  const input = other && "input" in other ? other.input : dataset.value;
  const expected = other?.expected ?? context.expects ?? null;
  const received = other?.received ?? /* @__PURE__ */ _stringify(input);
  const issue2 = {
    kind: context.kind,
    type: context.type,
    input,
    expected,
    received,
    message: `Invalid ${label}: ${expected ? `Expected ${expected} but r` : "R"}eceived ${received}`,
    requirement: context.requirement,
    path: other?.path,
    issues: other?.issues,
    lang: config$1.lang,
    abortEarly: config$1.abortEarly,
    abortPipeEarly: config$1.abortPipeEarly
  };
  const isSchema = context.kind === "schema";
  const message$1 = other?.message ?? context.message ?? /* @__PURE__ */ getSpecificMessage(context.reference, issue2.lang) ?? (isSchema ? /* @__PURE__ */ getSchemaMessage(issue2.lang) : null) ?? config$1.message ?? /* @__PURE__ */ getGlobalMessage(issue2.lang);
  if (message$1 !== void 0) issue2.message = typeof message$1 === "function" ? message$1(issue2) : message$1;
  if (isSchema) dataset.typed = false;
  if (dataset.issues) dataset.issues.push(issue2);
  else dataset.issues = [issue2];
}
// @__NO_SIDE_EFFECTS__
function _getStandardProps(context) {
  return {
    version: 1,
    vendor: "valibot",
    validate(value$1) {
      return context["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig());
    }
  };
}
// @__NO_SIDE_EFFECTS__
function _isValidObjectKey(object$1, key) {
  return Object.hasOwn(object$1, key) && key !== "__proto__" && key !== "prototype" && key !== "constructor";
}
// @__NO_SIDE_EFFECTS__
function _joinExpects(values$1, separator) {
  const list = [...new Set(values$1)];
  if (list.length > 1) return `(${list.join(` ${separator} `)})`;
  return list[0] ?? "never";
}
// @__NO_SIDE_EFFECTS__
function finite(message$1) {
  return {
    kind: "validation",
    type: "finite",
    reference: finite,
    async: false,
    expects: null,
    requirement: Number.isFinite,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !this.requirement(dataset.value)) _addIssue(this, "finite", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function maxValue(requirement, message$1) {
  return {
    kind: "validation",
    type: "max_value",
    reference: maxValue,
    async: false,
    expects: `<=${requirement instanceof Date ? requirement.toJSON() : /* @__PURE__ */ _stringify(requirement)}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !(dataset.value <= this.requirement)) _addIssue(this, "value", dataset, config$1, { received: dataset.value instanceof Date ? dataset.value.toJSON() : /* @__PURE__ */ _stringify(dataset.value) });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function minLength(requirement, message$1) {
  return {
    kind: "validation",
    type: "min_length",
    reference: minLength,
    async: false,
    expects: `>=${requirement}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && dataset.value.length < this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function minValue(requirement, message$1) {
  return {
    kind: "validation",
    type: "min_value",
    reference: minValue,
    async: false,
    expects: `>=${requirement instanceof Date ? requirement.toJSON() : /* @__PURE__ */ _stringify(requirement)}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !(dataset.value >= this.requirement)) _addIssue(this, "value", dataset, config$1, { received: dataset.value instanceof Date ? dataset.value.toJSON() : /* @__PURE__ */ _stringify(dataset.value) });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function transform(operation) {
  return {
    kind: "transformation",
    type: "transform",
    reference: transform,
    async: false,
    operation,
    "~run"(dataset) {
      dataset.value = this.operation(dataset.value);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function getFallback(schema, dataset, config$1) {
  return typeof schema.fallback === "function" ? schema.fallback(dataset, config$1) : schema.fallback;
}
// @__NO_SIDE_EFFECTS__
function getDefault(schema, dataset, config$1) {
  return typeof schema.default === "function" ? schema.default(dataset, config$1) : schema.default;
}
// @__NO_SIDE_EFFECTS__
function array(item, message$1) {
  return {
    kind: "schema",
    type: "array",
    reference: array,
    expects: "Array",
    async: false,
    item,
    message: message$1,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      const input = dataset.value;
      if (Array.isArray(input)) {
        dataset.typed = true;
        dataset.value = [];
        for (let key = 0; key < input.length; key++) {
          const value$1 = input[key];
          const itemDataset = this.item["~run"]({ value: value$1 }, config$1);
          if (itemDataset.issues) {
            const pathItem = {
              type: "array",
              origin: "value",
              input,
              key,
              value: value$1
            };
            for (const issue2 of itemDataset.issues) {
              if (issue2.path) issue2.path.unshift(pathItem);
              else issue2.path = [pathItem];
              dataset.issues?.push(issue2);
            }
            if (!dataset.issues) dataset.issues = itemDataset.issues;
            if (config$1.abortEarly) {
              dataset.typed = false;
              break;
            }
          }
          if (!itemDataset.typed) dataset.typed = false;
          dataset.value.push(itemDataset.value);
        }
      } else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function boolean(message$1) {
  return {
    kind: "schema",
    type: "boolean",
    reference: boolean,
    expects: "boolean",
    async: false,
    message: message$1,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      if (typeof dataset.value === "boolean") dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function lazy(getter) {
  return {
    kind: "schema",
    type: "lazy",
    reference: lazy,
    expects: "unknown",
    async: false,
    getter,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      return this.getter(dataset.value)["~run"](dataset, config$1);
    }
  };
}
// @__NO_SIDE_EFFECTS__
function looseObject(entries$1, message$1) {
  return {
    kind: "schema",
    type: "loose_object",
    reference: looseObject,
    expects: "Object",
    async: false,
    entries: entries$1,
    message: message$1,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      const input = dataset.value;
      if (input && typeof input === "object") {
        dataset.typed = true;
        dataset.value = {};
        for (const key in this.entries) {
          const valueSchema = this.entries[key];
          if (key in input || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
            const value$1 = key in input ? input[key] : /* @__PURE__ */ getDefault(valueSchema);
            const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
            if (valueDataset.issues) {
              const pathItem = {
                type: "object",
                origin: "value",
                input,
                key,
                value: value$1
              };
              for (const issue2 of valueDataset.issues) {
                if (issue2.path) issue2.path.unshift(pathItem);
                else issue2.path = [pathItem];
                dataset.issues?.push(issue2);
              }
              if (!dataset.issues) dataset.issues = valueDataset.issues;
              if (config$1.abortEarly) {
                dataset.typed = false;
                break;
              }
            }
            if (!valueDataset.typed) dataset.typed = false;
            dataset.value[key] = valueDataset.value;
          } else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
          else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
            _addIssue(this, "key", dataset, config$1, {
              input: void 0,
              expected: `"${key}"`,
              path: [{
                type: "object",
                origin: "key",
                input,
                key,
                value: input[key]
              }]
            });
            if (config$1.abortEarly) break;
          }
        }
        if (!dataset.issues || !config$1.abortEarly) {
          for (const key in input) if (/* @__PURE__ */ _isValidObjectKey(input, key) && !(key in this.entries)) dataset.value[key] = input[key];
        }
      } else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function null_(message$1) {
  return {
    kind: "schema",
    type: "null",
    reference: null_,
    expects: "null",
    async: false,
    message: message$1,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      if (dataset.value === null) dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function nullish(wrapped, default_) {
  return {
    kind: "schema",
    type: "nullish",
    reference: nullish,
    expects: `(${wrapped.expects} | null | undefined)`,
    async: false,
    wrapped,
    default: default_,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      if (dataset.value === null || dataset.value === void 0) {
        if (this.default !== void 0) dataset.value = /* @__PURE__ */ getDefault(this, dataset, config$1);
        if (dataset.value === null || dataset.value === void 0) {
          dataset.typed = true;
          return dataset;
        }
      }
      return this.wrapped["~run"](dataset, config$1);
    }
  };
}
// @__NO_SIDE_EFFECTS__
function number(message$1) {
  return {
    kind: "schema",
    type: "number",
    reference: number,
    expects: "number",
    async: false,
    message: message$1,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      if (typeof dataset.value === "number" && !isNaN(dataset.value)) dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function object(entries$1, message$1) {
  return {
    kind: "schema",
    type: "object",
    reference: object,
    expects: "Object",
    async: false,
    entries: entries$1,
    message: message$1,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      const input = dataset.value;
      if (input && typeof input === "object") {
        dataset.typed = true;
        dataset.value = {};
        for (const key in this.entries) {
          const valueSchema = this.entries[key];
          if (key in input || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
            const value$1 = key in input ? input[key] : /* @__PURE__ */ getDefault(valueSchema);
            const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
            if (valueDataset.issues) {
              const pathItem = {
                type: "object",
                origin: "value",
                input,
                key,
                value: value$1
              };
              for (const issue2 of valueDataset.issues) {
                if (issue2.path) issue2.path.unshift(pathItem);
                else issue2.path = [pathItem];
                dataset.issues?.push(issue2);
              }
              if (!dataset.issues) dataset.issues = valueDataset.issues;
              if (config$1.abortEarly) {
                dataset.typed = false;
                break;
              }
            }
            if (!valueDataset.typed) dataset.typed = false;
            dataset.value[key] = valueDataset.value;
          } else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
          else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
            _addIssue(this, "key", dataset, config$1, {
              input: void 0,
              expected: `"${key}"`,
              path: [{
                type: "object",
                origin: "key",
                input,
                key,
                value: input[key]
              }]
            });
            if (config$1.abortEarly) break;
          }
        }
      } else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function optional2(wrapped, default_) {
  return {
    kind: "schema",
    type: "optional",
    reference: optional2,
    expects: `(${wrapped.expects} | undefined)`,
    async: false,
    wrapped,
    default: default_,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      if (dataset.value === void 0) {
        if (this.default !== void 0) dataset.value = /* @__PURE__ */ getDefault(this, dataset, config$1);
        if (dataset.value === void 0) {
          dataset.typed = true;
          return dataset;
        }
      }
      return this.wrapped["~run"](dataset, config$1);
    }
  };
}
// @__NO_SIDE_EFFECTS__
function record(key, value$1, message$1) {
  return {
    kind: "schema",
    type: "record",
    reference: record,
    expects: "Object",
    async: false,
    key,
    value: value$1,
    message: message$1,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      const input = dataset.value;
      if (input && typeof input === "object") {
        dataset.typed = true;
        dataset.value = {};
        for (const entryKey in input) if (/* @__PURE__ */ _isValidObjectKey(input, entryKey)) {
          const entryValue = input[entryKey];
          const keyDataset = this.key["~run"]({ value: entryKey }, config$1);
          if (keyDataset.issues) {
            const pathItem = {
              type: "object",
              origin: "key",
              input,
              key: entryKey,
              value: entryValue
            };
            for (const issue2 of keyDataset.issues) {
              issue2.path = [pathItem];
              dataset.issues?.push(issue2);
            }
            if (!dataset.issues) dataset.issues = keyDataset.issues;
            if (config$1.abortEarly) {
              dataset.typed = false;
              break;
            }
          }
          const valueDataset = this.value["~run"]({ value: entryValue }, config$1);
          if (valueDataset.issues) {
            const pathItem = {
              type: "object",
              origin: "value",
              input,
              key: entryKey,
              value: entryValue
            };
            for (const issue2 of valueDataset.issues) {
              if (issue2.path) issue2.path.unshift(pathItem);
              else issue2.path = [pathItem];
              dataset.issues?.push(issue2);
            }
            if (!dataset.issues) dataset.issues = valueDataset.issues;
            if (config$1.abortEarly) {
              dataset.typed = false;
              break;
            }
          }
          if (!keyDataset.typed || !valueDataset.typed) dataset.typed = false;
          if (keyDataset.typed) dataset.value[keyDataset.value] = valueDataset.value;
        }
      } else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function string(message$1) {
  return {
    kind: "schema",
    type: "string",
    reference: string,
    expects: "string",
    async: false,
    message: message$1,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      if (typeof dataset.value === "string") dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function _subIssues(datasets) {
  let issues;
  if (datasets) for (const dataset of datasets) if (issues) issues.push(...dataset.issues);
  else issues = dataset.issues;
  return issues;
}
// @__NO_SIDE_EFFECTS__
function union(options, message$1) {
  return {
    kind: "schema",
    type: "union",
    reference: union,
    expects: /* @__PURE__ */ _joinExpects(options.map((option) => option.expects), "|"),
    async: false,
    options,
    message: message$1,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      let validDataset;
      let typedDatasets;
      let untypedDatasets;
      for (const schema of this.options) {
        const optionDataset = schema["~run"]({ value: dataset.value }, config$1);
        if (optionDataset.typed) if (optionDataset.issues) if (typedDatasets) typedDatasets.push(optionDataset);
        else typedDatasets = [optionDataset];
        else {
          validDataset = optionDataset;
          break;
        }
        else if (untypedDatasets) untypedDatasets.push(optionDataset);
        else untypedDatasets = [optionDataset];
      }
      if (validDataset) return validDataset;
      if (typedDatasets) {
        if (typedDatasets.length === 1) return typedDatasets[0];
        _addIssue(this, "type", dataset, config$1, { issues: /* @__PURE__ */ _subIssues(typedDatasets) });
        dataset.typed = true;
      } else if (untypedDatasets?.length === 1) return untypedDatasets[0];
      else _addIssue(this, "type", dataset, config$1, { issues: /* @__PURE__ */ _subIssues(untypedDatasets) });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function pipe(...pipe$1) {
  return {
    ...pipe$1[0],
    pipe: pipe$1,
    get "~standard"() {
      return /* @__PURE__ */ _getStandardProps(this);
    },
    "~run"(dataset, config$1) {
      for (const item of pipe$1) if (item.kind !== "metadata") {
        if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
          dataset.typed = false;
          break;
        }
        if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
      }
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function safeParse(schema, input, config$1) {
  const dataset = schema["~run"]({ value: input }, /* @__PURE__ */ getGlobalConfig(config$1));
  return {
    typed: dataset.typed,
    success: !dataset.issues,
    output: dataset.value,
    issues: dataset.issues
  };
}

// src/mapping/config.ts
import { parse as parseYaml } from "yaml";
var Jq = union(
  [string(), pipe(number(), finite(), transform(String))],
  "expected a jq expression (string)"
);
var SearchRuleSchema = object({ property: Jq, operator: Jq, value: Jq });
var SearchQuerySchema = object({
  combinator: Jq,
  rules: array(union([SearchRuleSchema, lazy(() => SearchQuerySchema)], "expected a search rule or query"))
});
var TemplateSchema = union(
  [
    Jq,
    null_(),
    array(lazy(() => TemplateSchema)),
    record(
      string(),
      lazy(() => TemplateSchema)
    )
  ],
  "expected a jq expression, or an object or list of them"
);
var EntityMappingsSchema = object({
  identifier: union([Jq, SearchQuerySchema], "expected a jq expression or a search query"),
  title: nullish(Jq),
  blueprint: Jq,
  icon: nullish(Jq),
  team: nullish(union([Jq, SearchQuerySchema], "expected a jq expression or a search query")),
  // One jq for the whole map as well: GitOps files carry their own property and relation names.
  properties: optional2(union([Jq, record(string(), TemplateSchema)], "expected a jq expression or an object of them"), {}),
  relations: optional2(union([Jq, record(string(), TemplateSchema)], "expected a jq expression or an object of them"), {})
});
var ResourceSchema = object({
  kind: pipe(string(), minLength(1, "must not be empty")),
  // Plugin-specific fetch filters (projects, state, …) live next to the query; plugins validate them.
  selector: looseObject({ query: Jq }),
  port: object({
    entity: object({ mappings: EntityMappingsSchema }),
    itemsToParse: nullish(Jq),
    itemsToParseName: optional2(pipe(string(), minLength(1, "must not be empty")), "item"),
    itemsToParseTopLevelTransform: optional2(boolean(), true)
  })
});
var PortAppConfigSchema = object({
  deleteDependentEntities: optional2(boolean(), true),
  createMissingRelatedEntities: optional2(boolean(), true),
  enableMergeEntity: optional2(boolean(), true),
  entityDeletionThreshold: optional2(
    pipe(number(), minValue(0, "must be between 0 and 1"), maxValue(1, "must be between 0 and 1")),
    0.9
  ),
  resources: optional2(array(ResourceSchema), [])
});
function parseMappingConfig(yamlText, source) {
  let data;
  try {
    data = parseYaml(yamlText);
  } catch (error) {
    throw new MappingConfigError(source, [{ message: `invalid YAML: ${error.message}` }]);
  }
  if (data === null || data === void 0) throw new MappingConfigError(source, [{ message: "the file is empty" }]);
  return validateMappingConfig(data, source);
}
function validateMappingConfig(data, source) {
  const result = safeParse(PortAppConfigSchema, data);
  if (result.success) return result.output;
  throw new MappingConfigError(source, result.issues.map(toProblem));
}
function toProblem(issue2) {
  const deepest = deepestIssue(issue2, pathKeys(issue2));
  const keys2 = deepest.keys;
  let resourceIndex;
  if (keys2[0] === "resources" && typeof keys2[1] === "number") {
    resourceIndex = keys2[1];
    keys2.splice(0, 2);
  }
  return { resourceIndex, field: formatPath(keys2), message: describeIssue(deepest.issue) };
}
var pathKeys = (issue2) => (issue2.path ?? []).map((item) => item.key);
function deepestIssue(issue2, keys2) {
  let best = { issue: issue2, keys: keys2 };
  for (const nested of issue2.issues ?? []) {
    const candidate = deepestIssue(nested, [...keys2, ...pathKeys(nested)]);
    if (candidate.keys.length > best.keys.length) best = candidate;
  }
  return best;
}
function describeIssue(issue2) {
  if (issue2.kind === "schema" && issue2.input === void 0) return "is required";
  if (issue2.message.startsWith("Invalid type: ")) return issue2.message.slice("Invalid type: ".length);
  return issue2.kind === "schema" ? `${issue2.message}, got ${issue2.received}` : issue2.message;
}
function formatPath(keys2) {
  let out = "";
  for (const key of keys2) {
    if (typeof key === "number") out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

// src/mapping/engine.ts
function loadMapping(yamlText, source, options) {
  return compileMapping(parseMappingConfig(yamlText, source), source, options);
}

// test/support/random.ts
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}

// bench/support/harbor-data.ts
var SCAN_MIME = "application/vnd.security.vulnerability.report; version=1.1";
var SEVERITIES = ["None", "Low", "Medium", "High", "Critical"];
function harborArtifacts(count, seed = 20260501) {
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const hex = (length2) => Array.from({ length: length2 }, () => Math.floor(random() * 16).toString(16)).join("");
  return Array.from({ length: count }, (_, i) => {
    const project = pick(["platform", "payments", "data", "edge"]);
    const repository = `${project}/${pick(["api", "web", "worker", "jobs", "gateway"])}-${i % 50}`;
    const tags = Array.from({ length: Math.floor(random() * 4) }, (_2, t) => ({
      id: i * 10 + t,
      name: t === 0 ? `v1.${i % 30}.${t}` : pick(["latest", "stable", `build-${i}`]),
      immutable: random() < 0.1,
      push_time: "2026-04-30T12:00:00.000Z"
    }));
    const scanned = random() < 0.7;
    return {
      id: 1e3 + i,
      type: random() < 0.9 ? "IMAGE" : "CHART",
      media_type: "application/vnd.oci.image.manifest.v1+json",
      manifest_media_type: "application/vnd.oci.image.manifest.v1+json",
      project_id: 1 + i % 4,
      repository_id: 100 + i % 50,
      repository_name: repository,
      digest: `sha256:${hex(64)}`,
      size: Math.floor(random() * 5e8),
      push_time: "2026-04-30T12:00:00.000Z",
      pull_time: random() < 0.5 ? null : "2026-05-01T08:00:00.000Z",
      extra_attrs: { architecture: pick(["amd64", "arm64"]), os: "linux", config: { Labels: { team: project } } },
      tags: tags.length > 0 ? tags : null,
      labels: random() < 0.3 ? [{ id: 3, name: pick(["prod", "staging", "deprecated"]) }] : [],
      ...scanned && {
        scan_overview: {
          [SCAN_MIME]: {
            report_id: hex(8),
            scan_status: "Success",
            severity: pick(SEVERITIES),
            duration: Math.floor(random() * 30),
            summary: { total: Math.floor(random() * 50), fixable: Math.floor(random() * 20), summary: { High: 1, Medium: 2 } },
            scanner: { name: "Trivy", vendor: "Aqua Security", version: "v0.50.0" }
          }
        }
      }
    };
  });
}
var HARBOR_ARTIFACT_MAPPING = `
resources:
  - kind: artifact
    selector:
      query: .type == "IMAGE"
    port:
      entity:
        mappings:
          identifier: .repository_name + "@" + .digest
          title: .tags[0].name // (.digest | split(":")[1] | .[0:12])
          blueprint: '"harborArtifact"'
          properties:
            digest: .digest
            tags: '[.tags[]?.name] // []'
            sizeBytes: .size
            pushedAt: .push_time
            pulledAt: .pull_time
            architecture: .extra_attrs.architecture
            labels: '[.labels[]?.name]'
            severity: '.scan_overview."${SCAN_MIME}".severity'
            fixable: '.scan_overview."${SCAN_MIME}".summary.fixable'
            immutable: '[.tags[]?.immutable] | any'
          relations:
            repository: .repository_name
            project: .repository_name | split("/")[0]
`;

// ../../tmp/i13prof/node/map.ts
var items = harborArtifacts(2e3);
for (const path of (process.env.MAPS ?? "mappings/harbor/port-app-config.yml,test/fixtures/ocean-mappings/ocean-harbor/port-app-config.yml").split(",")) {
  const m = await loadMapping(readFileSync("/work/i13/" + path, "utf8"), path, { engine: "compiled" });
  const r = m.resources.find((r2) => r2.kind === "artifact");
  for (let i = 0; i < 30; i++) await m.mapResource(r.index, items);
  const runs = [];
  for (let i = 0; i < 15; i++) {
    const t = process.cpuUsage();
    for (let j = 0; j < 10; j++) await m.mapResource(r.index, items);
    const u = process.cpuUsage(t);
    runs.push((u.user + u.system) / 1e3 / 10);
  }
  runs.sort((a, b) => a - b);
  console.log(path, (runs[7] * 1e3 / 2e3).toFixed(2), "\xB5s/item", r.compiled, r.fallback.length);
}
