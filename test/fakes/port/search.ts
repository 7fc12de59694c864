import { invalidRequest } from "./http.ts";
import { type Entity, entityKey as key, relationIds, type Store } from "./store.ts";

export interface Query {
  combinator: "and" | "or";
  rules: Rule[];
}

interface PropertyRule {
  operator: string;
  property?: unknown;
  value?: unknown;
  blueprint?: string;
  direction?: "upstream" | "downstream";
  required?: boolean;
  propertySchema?: { type: string; format?: string };
}

type Rule = Query | PropertyRule;

const META: Record<string, (e: Entity) => unknown> = {
  $identifier: (e) => e.identifier,
  $title: (e) => e.title,
  $icon: (e) => e.icon,
  $blueprint: (e) => e.blueprint,
  $team: (e) => e.team,
  $createdAt: (e) => e.createdAt,
  $updatedAt: (e) => e.updatedAt,
  $createdBy: (e) => e.createdBy,
  $updatedBy: (e) => e.updatedBy,
  $datasource: (e) => e.datasource,
};

function valueOf(entity: Entity, property: unknown): unknown {
  if (typeof property !== "string") {
    throw invalidRequest("The fake Port supports only string properties in search rules (no user context or paths)");
  }
  const meta = META[property];
  if (meta) return meta(entity);
  if (property in entity.properties) return entity.properties[property];
  return entity.relations[property];
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" && v !== null && Object.keys(v).length === 0);

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const asTime = (v: unknown) => (typeof v === "number" ? v : Date.parse(String(v)));

const DAY = 86_400_000;
const PRESETS: Record<string, [number, number]> = {
  today: [0, 1],
  tomorrow: [1, 2],
  yesterday: [-1, 0],
  lastDay: [-1, 1],
  lastWeek: [-7, 1],
  last2Weeks: [-14, 1],
  lastMonth: [-30, 1],
  last3Months: [-90, 1],
  last6Months: [-180, 1],
  last12Months: [-365, 1],
};

function dateRange(value: unknown): [number, number] | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const v = value as { from?: string; to?: string; preset?: string };
  if (v.from !== undefined && v.to !== undefined) return [Date.parse(v.from), Date.parse(v.to)];
  const preset = v.preset ? PRESETS[v.preset] : undefined;
  if (!preset) throw invalidRequest(`Unsupported date value ${JSON.stringify(value)}`);
  const midnight = new Date().setUTCHours(0, 0, 0, 0);
  return [midnight + preset[0] * DAY, midnight + preset[1] * DAY];
}

function equals(actual: unknown, expected: unknown): boolean {
  const range = dateRange(expected);
  if (range) return actual != null && asTime(actual) >= range[0] && asTime(actual) <= range[1];
  if (expected === null) return actual === null || actual === undefined;
  return asList(actual).some((a) => a === expected);
}

function compareValues(op: string, actual: unknown, expected: unknown): boolean {
  const numeric = typeof expected === "number";
  const a = numeric ? Number(actual) : asTime(actual);
  const b = numeric ? expected : asTime(expected);
  if (actual == null || Number.isNaN(a) || Number.isNaN(b)) return false;
  return op === ">" ? a > b : op === ">=" ? a >= b : op === "<" ? a < b : a <= b;
}

function stringTest(actual: unknown, test: (s: string) => boolean): boolean {
  return asList(actual).some((a) => typeof a === "string" && test(a));
}

function applyOperator(op: string, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case "=":
      return equals(actual, expected);
    case "!=":
      return !equals(actual, expected);
    case "in":
      return asList(actual).some((a) => asList(expected).includes(a));
    case "notIn":
      return !asList(actual).some((a) => asList(expected).includes(a));
    case "contains":
      return Array.isArray(actual) ? actual.includes(expected) : stringTest(actual, (s) => s.includes(String(expected)));
    case "doesNotContains":
      return !applyOperator("contains", actual, expected);
    case "containsAny":
      return asList(expected).some((x) => applyOperator("contains", actual, x));
    case "beginsWith":
      return stringTest(actual, (s) => s.startsWith(String(expected)));
    case "doesNotBeginsWith":
      return !stringTest(actual, (s) => s.startsWith(String(expected)));
    case "endsWith":
      return stringTest(actual, (s) => s.endsWith(String(expected)));
    case "doesNotEndsWith":
      return !stringTest(actual, (s) => s.endsWith(String(expected)));
    case ">":
    case ">=":
    case "<":
    case "<=":
      return compareValues(op, actual, expected);
    case "between":
      return equals(actual, expected);
    case "notBetween":
      return actual != null && !equals(actual, expected);
    case "isEmpty":
      return isEmpty(actual);
    case "isNotEmpty":
      return !isEmpty(actual);
    case "isExpired":
      return actual != null && asTime(actual) <= Date.now();
    case "isNotExpired":
      return actual == null || asTime(actual) > Date.now();
    default:
      throw invalidRequest(`Unsupported operator "${op}"`);
  }
}

/**
 * One search over the store. `relatedTo` follows relations transitively: `upstream` are the
 * entities the given one points to, `downstream` those pointing to it, both when no direction is set.
 */
export class Search {
  private reverse?: Map<string, Entity[]>;
  private reverseRequired?: Map<string, Entity[]>;
  private related = new WeakMap<PropertyRule, Set<string>>();

  constructor(private readonly store: Store) {}

  matches(entity: Entity, query: Query): boolean {
    const results = query.rules.map((rule) => this.rule(entity, rule));
    return query.combinator === "or" ? results.some(Boolean) : results.every(Boolean);
  }

  filter(entities: Iterable<Entity>, query: Query | undefined): Entity[] {
    return [...entities].filter((e) => !query || this.matches(e, query));
  }

  private rule(entity: Entity, rule: Rule): boolean {
    if ("combinator" in rule) return this.matches(entity, rule);
    if (rule.operator === "relatedTo") return this.relatedTo(entity, rule);
    if (rule.propertySchema) return this.bySchema(entity, rule);
    return applyOperator(rule.operator, valueOf(entity, rule.property), rule.value);
  }

  private bySchema(entity: Entity, rule: PropertyRule): boolean {
    const { type, format } = rule.propertySchema!;
    const props = Object.entries(this.store.blueprints.get(entity.blueprint)?.schema.properties ?? {})
      .filter(([, p]) => p.type === type && (format === undefined || p.format === format))
      .map(([name]) => entity.properties[name]);
    return rule.operator === "!="
      ? props.every((v) => applyOperator("!=", v, rule.value))
      : props.some((v) => applyOperator(rule.operator, v, rule.value));
  }

  private targets(entity: Entity, requiredOnly: boolean): Entity[] {
    const relations = this.store.blueprints.get(entity.blueprint)?.relations ?? {};
    return Object.entries(entity.relations).flatMap(([name, value]) => {
      const def = relations[name];
      if (!def || (requiredOnly && !def.required)) return [];
      return relationIds(value).flatMap((id) => this.store.getEntity(def.target, id) ?? []);
    });
  }

  private sources(entity: Entity, requiredOnly: boolean): Entity[] {
    let index = requiredOnly ? this.reverseRequired : this.reverse;
    if (!index) {
      index = new Map();
      for (const source of this.store.allEntities()) {
        for (const target of this.targets(source, requiredOnly)) {
          const k = key(target.blueprint, target.identifier);
          index.set(k, [...(index.get(k) ?? []), source]);
        }
      }
      if (requiredOnly) this.reverseRequired = index;
      else this.reverse = index;
    }
    return index.get(key(entity.blueprint, entity.identifier)) ?? [];
  }

  private reach(start: Entity[], next: (e: Entity) => Entity[]): Set<string> {
    const seen = new Set<string>();
    const queue = start.flatMap(next);
    while (queue.length) {
      const e = queue.pop()!;
      const k = key(e.blueprint, e.identifier);
      if (seen.has(k)) continue;
      seen.add(k);
      queue.push(...next(e));
    }
    return seen;
  }

  private relatedTo(entity: Entity, rule: PropertyRule): boolean {
    let related = this.related.get(rule);
    if (!related) {
      const requiredOnly = rule.required === true;
      const start = asList(rule.value).flatMap((id) => this.store.getEntity(rule.blueprint!, String(id)) ?? []);
      const up = rule.direction === "downstream" ? [] : this.reach(start, (e) => this.targets(e, requiredOnly));
      const down = rule.direction === "upstream" ? [] : this.reach(start, (e) => this.sources(e, requiredOnly));
      this.related.set(rule, (related = new Set([...up, ...down])));
    }
    return related.has(key(entity.blueprint, entity.identifier));
  }
}
