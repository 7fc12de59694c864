import type { EntityMappings, SearchQuery, Template } from "./config.ts";

/** One jq program of a mapping, evaluated on its own as Ocean does, and where its value goes. */
export interface Leaf {
  /** Dotted path in the entity, e.g. `properties.url` or `relations.owner.rules[0].value`. */
  field: string;
  /** The program as written in the config. */
  source: string;
  /** The program after Ocean's single-quote rewrite: what jq compiles. */
  program: string;
}

/** How leaf values are put back together into the entity. */
export type Shape =
  | { leaf: number }
  | { constant: null }
  | { list: Shape[] }
  | { object: [key: string, shape: Shape][] };

/**
 * Ocean (and Port's backend) turn single-quoted string delimiters into double quotes before
 * compiling, so `.org + '/' + .repo` works; quotes inside words are left alone.
 */
export function rewriteSingleQuotes(program: string): string {
  return program.replace(/(^|\s)'(?!\s|")|(?<!\s|")'(\s|$)/g, '$1"$2');
}

const ENTITY_KEYS = ["identifier", "title", "blueprint", "icon", "team", "properties", "relations"] as const;

/** Splits the entity mapping into its leaves, in a fixed order, and the shape that reassembles them. */
export function flattenMappings(mappings: EntityMappings): { shape: Shape; leaves: Leaf[] } {
  const leaves: Leaf[] = [];
  const visit = (template: Template | SearchQuery, field: string): Shape => {
    if (template === null) return { constant: null };
    if (typeof template === "string") {
      leaves.push({ field, source: template, program: rewriteSingleQuotes(template) });
      return { leaf: leaves.length - 1 };
    }
    if (Array.isArray(template)) return { list: template.map((item, i) => visit(item, `${field}[${i}]`)) };
    return {
      object: Object.entries(template).map(([key, value]) => [key, visit(value as Template, `${field}.${key}`)]),
    };
  };
  const entries: [string, Shape][] = [];
  for (const key of ENTITY_KEYS) {
    const value = mappings[key];
    if (value !== undefined) entries.push([key, visit(value, key)]);
  }
  return { shape: { object: entries }, leaves };
}

/** A leaf's outcome from the jq program: `[value]`, or jq's error message. */
export type LeafResult = [unknown] | string;

/**
 * The leaves of one item: `values[i]`, or the error message `errors[i]` when that leaf failed.
 * Reused from item to item, so mapping a page allocates only what the entities keep.
 */
export interface Leaves {
  values: unknown[];
  errors: (string | undefined)[];
}

/** Rebuilds the mapped value; a failed leaf becomes null and is reported through `onError`. */
export function assemble(shape: Shape, leaves: Leaves, onError: (leafIndex: number, message: string) => void): unknown {
  if ("constant" in shape) return null;
  if ("leaf" in shape) {
    const error = leaves.errors[shape.leaf];
    if (error === undefined) return leaves.values[shape.leaf];
    onError(shape.leaf, error);
    return null;
  }
  if ("list" in shape) return shape.list.map((item) => assemble(item, leaves, onError));
  const out: Record<string, unknown> = {};
  for (const [key, value] of shape.object) out[key] = assemble(value, leaves, onError);
  return out;
}
