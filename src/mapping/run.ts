import { runJq } from "./jq.ts";
import { MODE_ALL, MODE_ARG, MODE_PASSED, type ResourcePlan } from "./program.ts";
import { assemble, type LeafResult } from "./template.ts";
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

export async function mapItems(
  plan: ResourcePlan,
  items: readonly unknown[],
  parseAll: boolean,
  bounds: CallBounds,
): Promise<MappedPage> {
  const page = emptyPage();
  const texts = items.map((item) => JSON.stringify(item) ?? "null");
  const args = { [MODE_ARG]: parseAll ? MODE_ALL : MODE_PASSED };
  let offset = 0;
  for (const chunk of chunkItems(texts, bounds)) {
    const lines = await runJq(plan.program, `[${chunk.join(",")}]`, { args });
    if (lines.length !== chunk.length) {
      throw new Error(`mapping ${plan.kind}: jq returned ${lines.length} results for ${chunk.length} items`);
    }
    lines.forEach((line, i) => decodeItem(plan, JSON.parse(line) as ItemResult, offset + i, page));
    offset += chunk.length;
  }
  return page;
}

/** What the resource program yields per raw item (see program.ts). */
type ItemResult = EntityResult[] | { e: string } | { t: string } | { p: string };
type SelectorOutcome = boolean | { v: unknown } | { e: string };
type EntityResult =
  | [selector: boolean, values?: unknown[] | null, results?: LeafResult[]]
  | [selector: { v: unknown } | { e: string }, identifier: LeafResult | null];

function decodeItem(plan: ResourcePlan, result: ItemResult, itemIndex: number, page: MappedPage): void {
  if (!Array.isArray(result)) {
    page.issues.push(issue(plan, undefined, "port.itemsToParse", itemsToParseProblem(plan, result)));
    return;
  }
  for (const entry of result) {
    const selector = entry[0];
    if (typeof selector === "boolean") {
      if (!selector) page.filtered++;
      const [, values, results] = entry as [boolean, unknown[] | null | undefined, LeafResult[] | undefined];
      const leaves = values ? values.map((value): LeafResult => [value]) : results;
      if (leaves) addEntity(plan, leaves, itemIndex, selector ? page.entities : page.rejected, page);
      continue;
    }
    const probe = entry[1] as LeafResult | null;
    const item = Array.isArray(probe) && typeof probe[0] === "string" ? probe[0] : undefined;
    page.issues.push(issue(plan, item, "selector.query", selectorProblem(plan, selector)));
  }
}

function itemsToParseProblem(plan: ResourcePlan, result: { e: string } | { t: string } | { p: string }): string {
  const expression = plan.itemsToParse?.source;
  if ("e" in result) return `itemsToParse ${expression} failed: ${result.e}`;
  if ("t" in result) return `itemsToParse ${expression}: expected a list, got ${result.t}; item skipped`;
  return `itemsToParse needs object items, got ${result.p}; item skipped`;
}

function selectorProblem(plan: ResourcePlan, outcome: { v: unknown } | { e: string }): string {
  if ("e" in outcome) return `selector query '${plan.selector.source}' failed: ${outcome.e}`;
  // Ocean's wording, so existing runbooks and searches keep working.
  return `Expected boolean value for pattern '${plan.selector.source}', got value:${JSON.stringify(outcome.v)} of type: ${jqType(outcome.v)} instead`;
}

function addEntity(plan: ResourcePlan, leaves: LeafResult[], itemIndex: number, into: MappedEntity[], page: MappedPage): void {
  const failures: [field: string, message: string][] = [];
  const mapped = assemble(plan.shape, leaves, (leaf, message) => failures.push([plan.leaves[leaf]!.field, message])) as Record<
    string,
    unknown
  >;
  const identifier = mapped.identifier;
  const item = typeof identifier === "string" ? identifier : undefined;
  for (const [field, message] of failures) page.issues.push(issue(plan, item, field, message));

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
  const entity: Entity = {
    identifier,
    ...("title" in mapped && { title: mapped.title as string | null }),
    blueprint: mapped.blueprint,
    ...("icon" in mapped && { icon: mapped.icon as string | null }),
    ...("team" in mapped && { team: mapped.team }),
    properties: (mapped.properties ?? {}) as Record<string, unknown>,
    relations: (mapped.relations ?? {}) as Record<string, unknown>,
  };
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
