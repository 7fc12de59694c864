/**
 * Harbor's `q` and `sort` parameters (`src/lib/q/builder.go`, `src/lib/orm/query.go`):
 * `k=v`, `k=~v` (case-insensitive contains), `k=[min~max]`, `k={a b}` (any), `k=(a b)` (all),
 * comma-separated; keys or sort fields a model does not know are ignored silently.
 */
import { badRequest } from "./http.ts";

type Scalar = { kind: "int"; value: number } | { kind: "time"; value: number } | { kind: "string"; value: string };

export type Condition =
  | { op: "exact"; value: string }
  | { op: "fuzzy"; value: string }
  | { op: "range"; min?: Scalar; max?: Scalar }
  | { op: "or"; values: Scalar[] }
  | { op: "and"; values: Scalar[] };

export interface SortKey {
  key: string;
  desc: boolean;
}

/** Go's url.QueryUnescape: `+` is a space; an invalid escape leaves the text as it was. */
export function queryUnescape(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** parseValue: a `2006-01-02T15:04:05` time first, then an integer, else a string without quotes. */
function parseValue(raw: string): Scalar {
  const v = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(v)) {
    const ms = Date.parse(v + "Z");
    if (!Number.isNaN(ms)) return { kind: "time", value: ms };
  }
  if (/^[+-]?\d+$/.test(v) && Number.isSafeInteger(Number(v))) return { kind: "int", value: Number(v) };
  return { kind: "string", value: v.replace(/^["']+|["']+$/g, "") };
}

function parseList(value: string, open: string, close: string, what: string): Scalar[] {
  if (!value.endsWith(close)) throw new Error(`${what} must start with "${open}" and end with "${close}"`);
  return value
    .slice(1, -1)
    .split(" ")
    .map(parseValue)
    .filter((s) => !(s.kind === "string" && s.value === ""));
}

function parsePattern(value: string): Condition {
  switch (value[0]) {
    case "~":
      if (value.length < 2) throw new Error("fuzzy");
      return { op: "fuzzy", value: value.slice(1) };
    case "[": {
      if (!value.endsWith("]") || value.split("~").length !== 2) throw new Error("range");
      const [lo, hi] = value.slice(1, -1).split("~").map((s) => s.trim()) as [string, string];
      if (!lo && !hi) throw new Error("range");
      return { op: "range", min: lo ? parseValue(lo) : undefined, max: hi ? parseValue(hi) : undefined };
    }
    case "{":
      return { op: "or", values: parseList(value, "{", "}", "or list") };
    case "(":
      return { op: "and", values: parseList(value, "(", ")", "and list") };
    default:
      return { op: "exact", value: value.startsWith("\\") ? value.slice(1) : value };
  }
}

/** `raw` is the once-decoded `q` parameter; Harbor unescapes it a second time. */
export function parseQ(raw: string | null): Map<string, Condition> {
  const keywords = new Map<string, Condition>();
  if (!raw) return keywords;
  for (const param of queryUnescape(raw).split(",")) {
    const at = param.indexOf("=");
    const key = at < 0 ? "" : param.slice(0, at);
    const value = at < 0 ? "" : param.slice(at + 1);
    if (!key || !value) throw badRequest('the query string must contain "=" and the key/value cannot be empty');
    try {
      keywords.set(key, parsePattern(value));
    } catch {
      throw badRequest(`invalid query string value: ${value}`);
    }
  }
  return keywords;
}

export function parseSort(raw: string | null): SortKey[] {
  if (!raw) return [];
  return raw.split(",").map((s) => (s.startsWith("-") ? { key: s.slice(1), desc: true } : { key: s, desc: false }));
}

export type FieldValue = number | string | boolean;

export interface Model<T> {
  /** Filterable and sortable columns, under both the Go field name and the column name. */
  fields: Record<string, (item: T) => FieldValue>;
  /** Columns that are not sortable (`sort:"false"`). */
  unsortable?: Set<string>;
  defaultSort: SortKey[];
  /** FilterByXxx methods that replace the generic filter for a key. */
  filters?: Record<string, (item: T, c: Condition) => boolean>;
}

function compare(a: FieldValue, b: FieldValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function scalarMatches(field: FieldValue, s: Scalar): boolean {
  return typeof field === "number" && s.kind !== "string" ? field === s.value : String(field) === String(s.value);
}

export function matches(field: FieldValue, c: Condition): boolean {
  switch (c.op) {
    case "exact":
      return typeof field === "boolean" ? String(field) === c.value.toLowerCase() : String(field) === c.value;
    case "fuzzy":
      return String(field).toLowerCase().includes(c.value.toLowerCase());
    case "range":
      return (c.min === undefined || compare(field, c.min.value) >= 0) && (c.max === undefined || compare(field, c.max.value) <= 0);
    case "or":
      return c.values.some((s) => scalarMatches(field, s));
    case "and":
      // The generic ORM filter ignores and-lists; only FilterByXxx methods give them meaning.
      return true;
  }
}

export function filterAndSort<T>(items: Iterable<T>, model: Model<T>, q: Map<string, Condition>, sort: SortKey[]): T[] {
  const checks: ((item: T) => boolean)[] = [];
  for (const [key, c] of q) {
    const special = model.filters?.[key];
    if (special) checks.push((item) => special(item, c));
    else if (model.fields[key]) {
      const get = model.fields[key]!;
      checks.push((item) => matches(get(item), c));
    }
  }
  const out: T[] = [];
  for (const item of items) if (checks.every((check) => check(item))) out.push(item);
  const known = sort.filter((s) => model.fields[s.key] && !model.unsortable?.has(s.key));
  const order = known.length ? known : model.defaultSort;
  const getters = order.map((s) => [model.fields[s.key]!, s.desc ? -1 : 1] as const);
  return out.sort((a, b) => {
    for (const [get, dir] of getters) {
      const d = compare(get(a), get(b));
      if (d) return d * dir;
    }
    return 0;
  });
}
