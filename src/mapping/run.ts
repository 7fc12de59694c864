import { evaluate, evaluateInto, type Expression } from "./expression.ts";
import { runJq } from "./jq.ts";
import { MODE_ALL, MODE_ARG, MODE_PASSED, type ItemsToParsePlan, type ResourcePlan } from "./program.ts";
import { assemble, type LeafResult, type Leaves } from "./template.ts";
import type { Entity, EntitySearchQuery, MappedEntity, MappedPage, MappingIssue } from "./types.ts";

/**
 * Bounds for one jq call. Wasm memory grows with the input and never shrinks (the instance is
 * recycled past a threshold), so pages are cut well below what would approach 128 MB.
 * Sizes are counted in UTF-16 code units of the items' JSON, which is bytes for ASCII.
 */
export interface CallBounds {
  maxItemsPerCall: number;
  maxBytesPerCall: number;
}

export const DEFAULT_CALL_BOUNDS: CallBounds = { maxItemsPerCall: 2000, maxBytesPerCall: 2 * 1024 * 1024 };

export const emptyPage = (): MappedPage => ({ entities: [], rejected: [], issues: [], skipped: 0, filtered: 0 });

export function mergePages(into: MappedPage, page: MappedPage): MappedPage {
  into.entities.push(...page.entities);
  into.rejected.push(...page.rejected);
  into.issues.push(...page.issues);
  into.skipped += page.skipped;
  into.filtered += page.filtered;
  return into;
}

/** Cuts serialized items into consecutive runs that respect the bounds (an oversized item goes alone). */
export function chunkItems(texts: string[], bounds: CallBounds): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const text of texts) {
    if (current.length > 0 && (current.length >= bounds.maxItemsPerCall || size + text.length > bounds.maxBytesPerCall)) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(text);
    size += text.length + 1;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** A raw item (or itemsToParse element) as the expressions see it, or why its raw item was skipped. */
type Input = { item: number; value: unknown } | { item: number; problem: string };

/**
 * Maps a page: compiled expressions are called per item on the parsed values; those on jq-web run
 * in one call per page (per call bounds) over just the items that need them.
 */
export async function mapItems(
  plan: ResourcePlan,
  items: readonly unknown[],
  parseAll: boolean,
  bounds: CallBounds,
): Promise<MappedPage> {
  const page = emptyPage();
  const mode = parseAll ? MODE_ALL : MODE_PASSED;
  const inputs: Input[] = plan.itemsToParse
    ? await expandItems(plan, plan.itemsToParse, items, bounds, mode)
    : items.map((value, item) => ({ item, value }));

  const native = plan.selector.native;
  const selectors = inputs.map((input) => (native && "value" in input ? evaluate(native, input.value) : undefined));
  const rows: (unknown[] | undefined)[] = [];
  if (plan.entityProgram) {
    const wanted = inputs.flatMap((input, i) =>
      "value" in input && (!native || needsLeaves(selectors[i]!, parseAll)) ? [i] : [],
    );
    const results = await runBatch(plan, plan.entityProgram, wanted.map((i) => (inputs[i] as { value: unknown }).value), bounds, mode);
    wanted.forEach((i, k) => (rows[i] = results[k] as unknown[]));
  }

  // Per leaf: its compiled function, or its slot in the jq-web row.
  const natives = plan.leaves.map((expression) => expression.native);
  const slots: number[] = [];
  plan.fallbackLeaves.forEach((leaf, k) => (slots[leaf] = k + 1));
  const leaves: Leaves = { values: new Array(natives.length).fill(null), errors: new Array(natives.length).fill(undefined) };
  const computeLeaf = (index: number, value: unknown, row: unknown[] | undefined) => {
    const native = natives[index];
    if (native) return evaluateInto(native, value, leaves, index);
    const result = row?.[slots[index]!] as LeafResult;
    leaves.values[index] = Array.isArray(result) ? result[0] : null;
    leaves.errors[index] = Array.isArray(result) ? undefined : (result ?? "no result");
  };
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    if ("problem" in input) {
      page.issues.push(issue(plan, undefined, "port.itemsToParse", input.problem));
      continue;
    }
    const row = rows[i];
    const selector = selectors[i] ?? (row![0] as LeafResult);
    if (Array.isArray(selector) && typeof selector[0] === "boolean") {
      if (!selector[0]) page.filtered++;
      if (!selector[0] && !parseAll) continue;
      for (let index = 0; index < natives.length; index++) computeLeaf(index, input.value, row);
      addEntity(plan, leaves, input.item, selector[0] ? page.entities : page.rejected, page);
      continue;
    }
    let item: string | undefined;
    if (plan.identifierLeaf !== undefined) {
      computeLeaf(plan.identifierLeaf, input.value, row);
      const probe = leaves.values[plan.identifierLeaf];
      if (leaves.errors[plan.identifierLeaf] === undefined && typeof probe === "string") item = probe;
    }
    const outcome = Array.isArray(selector) ? { v: selector[0] } : { e: selector };
    page.issues.push(issue(plan, item, "selector.query", selectorProblem(plan, outcome)));
  }
  return page;
}

/** Leaves are computed where the selector lets the item through, and for the identifier an issue names. */
function needsLeaves(selector: LeafResult, parseAll: boolean): boolean {
  return !(Array.isArray(selector) && selector[0] === false && !parseAll);
}

/**
 * Ocean's itemsToParse: one input per element, each `{...parent, <name>: element}`; with the
 * top-level transform the parent first loses the parsed path (`del(expr)`, which finds the path
 * itself); an expression that is not a path leaves the parent whole.
 */
async function expandItems(
  plan: ResourcePlan,
  parse: ItemsToParsePlan,
  items: readonly unknown[],
  bounds: CallBounds,
  mode: string,
): Promise<Input[]> {
  const rows = plan.itemsProgram ? ((await runBatch(plan, plan.itemsProgram, items, bounds, mode)) as LeafResult[][]) : [];
  const inputs: Input[] = [];
  items.forEach((parent, item) => {
    const result = (expression: Expression, slot: number): LeafResult =>
      expression.native ? evaluate(expression.native, parent) : rows[item]![slot]!;
    const list = result(parse.expression, 0);
    const source = parse.expression.source;
    if (!Array.isArray(list)) return inputs.push({ item, problem: `itemsToParse ${source} failed: ${list}` });
    if (!Array.isArray(list[0])) {
      return inputs.push({ item, problem: `itemsToParse ${source}: expected a list, got ${jqType(list[0])}; item skipped` });
    }
    if (jqType(parent) !== "object") return inputs.push({ item, problem: `itemsToParse needs object items, got ${jqType(parent)}; item skipped` });
    const trimmed = parse.parent ? result(parse.parent, 1) : [parent];
    const base = Array.isArray(trimmed) ? trimmed[0] : parent;
    for (const element of list[0]) inputs.push({ item, value: { ...(base as object), [parse.name]: element } });
  });
  return inputs;
}

/** One jq-web call per chunk of the page; one JSON result per value. */
async function runBatch(plan: ResourcePlan, program: string, values: readonly unknown[], bounds: CallBounds, mode: string) {
  const results: unknown[] = [];
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

function selectorProblem(plan: ResourcePlan, outcome: { v: unknown } | { e: string }): string {
  if ("e" in outcome) return `selector query '${plan.selector.source}' failed: ${outcome.e}`;
  // Ocean's wording, so existing runbooks and searches keep working.
  return `Expected boolean value for pattern '${plan.selector.source}', got value:${JSON.stringify(outcome.v)} of type: ${jqType(outcome.v)} instead`;
}

function addEntity(plan: ResourcePlan, leaves: Leaves, itemIndex: number, into: MappedEntity[], page: MappedPage): void {
  let failures: [field: string, message: string][] | undefined;
  const mapped = assemble(plan.shape, leaves, (leaf, message) => (failures ??= []).push([plan.leaves[leaf]!.field, message])) as Record<
    string,
    unknown
  >;
  const identifier = mapped.identifier;
  const item = typeof identifier === "string" ? identifier : undefined;
  if (failures) for (const [field, message] of failures) page.issues.push(issue(plan, item, field, message));

  // Ocean skips (and only counts) entities whose identifier or blueprint is falsy in Python's sense.
  if (!truthy(identifier) || !truthy(mapped.blueprint)) {
    page.skipped++;
    return;
  }
  if (typeof identifier !== "string" && !isSearchQuery(identifier)) {
    page.issues.push(issue(plan, undefined, "identifier", `must be a string or a search query, got ${jqType(identifier)}`));
    page.skipped++;
    return;
  }
  if (typeof mapped.blueprint !== "string") {
    page.issues.push(issue(plan, item, "blueprint", `must be a string, got ${jqType(mapped.blueprint)}`));
    page.skipped++;
    return;
  }
  // Built key by key (no spreads): this runs once per entity of every page.
  const entity = { identifier } as Entity;
  if ("title" in mapped) entity.title = mapped.title as string | null;
  entity.blueprint = mapped.blueprint;
  if ("icon" in mapped) entity.icon = mapped.icon as string | null;
  if ("team" in mapped) entity.team = mapped.team as Entity["team"];
  entity.properties = (mapped.properties ?? {}) as Record<string, unknown>;
  entity.relations = (mapped.relations ?? {}) as Record<string, unknown>;
  into.push({ entity, resourceIndex: plan.resourceIndex, item: itemIndex });
}

function issue(plan: ResourcePlan, item: string | undefined, field: string, message: string): MappingIssue {
  const found: MappingIssue = { kind: plan.kind, resourceIndex: plan.resourceIndex, field, message };
  if (item !== undefined) found.item = item;
  return found;
}

function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}

function isSearchQuery(value: unknown): value is EntitySearchQuery {
  return value !== null && typeof value === "object" && Array.isArray((value as { rules?: unknown }).rules);
}

function jqType(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
