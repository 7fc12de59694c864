import * as v from "valibot";
import type { CompiledMapping } from "./mapping/engine.ts";
import type { ConfigProblem } from "./mapping/errors.ts";
import { parseSelector, type AnyPlugin, type Json, type ListArgs, type Page } from "./plugin.ts";

/** A plugin's kinds as the core uses them: names in sync order, listings, and selectors parsed with each kind's schema. */

export const kindNames = (plugin: AnyPlugin): string[] => Object.keys(plugin.kinds);

export const hasKind = (plugin: AnyPlugin, kind: string): boolean => Object.hasOwn(plugin.kinds, kind);

function kindOf(plugin: AnyPlugin, kind: string) {
  if (!hasKind(plugin, kind)) throw new Error(`${plugin.name} has no kind "${kind}"`);
  return plugin.kinds[kind]!;
}

/** One page of a kind: the selector and the stored cursor parsed with the kind's schemas first. */
export function listKind(plugin: AnyPlugin, args: ListArgs<any, unknown, Json>): Promise<Page> {
  const kind = kindOf(plugin, args.kind);
  const selector = parseSelector(kind.selector, args.kind, args.selector);
  let cursor = null;
  if (args.cursor !== null) {
    const parsed = v.safeParse(kind.cursor, args.cursor);
    if (!parsed.success) throw new Error(`stored cursor of kind ${args.kind} is not one the ${plugin.name} plugin writes: ${JSON.stringify(args.cursor)}`);
    cursor = parsed.output;
  }
  return kind.list({ ...args, selector, cursor });
}

/** The parsed selectors of a kind's resources, in mapping order (webhooks apply them as the resync does). */
export function selectorsOf(plugin: AnyPlugin, mapping: CompiledMapping, kind: string): unknown[] {
  if (!hasKind(plugin, kind)) return [];
  const schema = plugin.kinds[kind]!.selector;
  return mapping.resources.filter((r) => r.kind === kind).map((r) => parseSelector(schema, kind, r.selector));
}

/** Every selector of the plugin's kinds that its kind's schema refuses: resource, field and reason. */
export function selectorProblems(plugin: AnyPlugin, mapping: CompiledMapping): ConfigProblem[] {
  return mapping.resources.flatMap((r) => {
    if (!hasKind(plugin, r.kind)) return [];
    const parsed = v.safeParse(plugin.kinds[r.kind]!.selector, r.selector);
    if (parsed.success) return [];
    return parsed.issues.map((issue) => {
      const path = v.getDotPath(issue);
      return { resourceIndex: r.index, kind: r.kind, field: path ? `selector.${path}` : "selector", message: issue.message };
    });
  });
}
