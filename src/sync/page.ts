import { errorMessage } from "../log.ts";
import type { CompiledMapping } from "../mapping/engine.ts";
import { KindUnavailableError, type AnyPlugin, type PluginContext } from "../plugin.ts";
import { isStopError } from "./stop.ts";
import { recordError, type CycleState, type PluginState } from "./types.ts";
import type { CatalogWriter, EntityRef } from "./writer.ts";

export interface PageRun {
  plugin: AnyPlugin;
  state: PluginState;
  mapping: CompiledMapping;
  writer: CatalogWriter;
  context: PluginContext<any>;
  userAgent(kind: string): string;
  now(): number;
}

export interface PageOutcome {
  /** Identifiers this page produced (written or unchanged); reconciliation keeps them. */
  produced: EntityRef[];
  listed: number;
}

/**
 * One chunk of a resync: list a page, map it in one jq call, write it. The cursor moves only after
 * the writes succeeded or their failures were recorded; a stop error leaves it where it was.
 */
export async function runPage(run: PageRun, cycle: CycleState): Promise<PageOutcome> {
  const progress = cycle.resources[cycle.position];
  if (!progress) return { produced: [], listed: 0 };
  const resource = run.mapping.resources.find((r) => r.index === progress.index)!;
  progress.status = "running";

  let page;
  try {
    page = await run.plugin.listPage({
      ...run.context,
      kind: progress.kind,
      selector: resource.selector,
      cursor: progress.cursor,
    });
  } catch (err) {
    if (isStopError(err)) throw err;
    // A listing that failed must never look complete: the kind is marked, and reconciliation skips it.
    progress.status = err instanceof KindUnavailableError ? "unavailable" : "failed";
    progress.error = errorMessage(err);
    recordError(run.state, { kind: progress.kind, message: `listing ${progress.kind} failed: ${progress.error}` }, run.now());
    cycle.position++;
    return { produced: [], listed: 0 };
  }

  const mapped = await run.mapping.mapResource(progress.index, page.items);
  for (const issue of mapped.issues) {
    recordError(run.state, { kind: issue.kind, item: issue.item, field: issue.field, message: issue.message }, run.now());
  }
  progress.skipped += mapped.skipped;
  progress.filtered += mapped.filtered;

  const { config } = run.mapping;
  const entities = mapped.entities.map((m) => m.entity);
  const result = entities.length
    ? await run.writer.upsert(entities, {
        merge: config.enableMergeEntity,
        createMissingRelatedEntities: config.createMissingRelatedEntities,
        userAgent: run.userAgent(progress.kind),
      })
    : { written: [], failed: [] };
  for (const failure of result.failed) {
    recordError(
      run.state,
      { kind: progress.kind, item: failure.identifier, message: `${failure.blueprint}: ${failure.message}` },
      run.now(),
    );
  }
  progress.upserted += result.written.length;
  progress.failed += result.failed.length;
  progress.pages++;
  progress.listed += page.items.length;
  progress.cursor = page.next;
  if (page.next === null) {
    progress.status = "done";
    cycle.position++;
  }
  // Failed entities still count as produced: a write error must never turn into a deletion.
  const produced = entities.map((e) => ({ identifier: e.identifier, blueprint: e.blueprint }));
  return { produced, listed: page.items.length };
}
