import { listKind } from "../kinds.ts";
import { errorMessage } from "../log.ts";
import type { CompiledMapping } from "../mapping/engine.ts";
import type { Entity } from "../mapping/types.ts";
import { KindUnavailableError, type AnyPlugin, type Json, type Page, type PluginContext } from "../plugin.ts";
import type { Ownership } from "../port/user-agent.ts";
import { canonicalJson } from "../mapping/hash.ts";
import type { CpuEstimate } from "./cpu.ts";
import { hash53, refHash, targetHash } from "./hash.ts";
import { listsAhead, type Prefetch } from "./prefetch.ts";
import { findPage, type PageIndex, type PageRecord, type SegmentReader } from "./segments.ts";
import { isListingPause, isPortPause } from "./stop.ts";
import { recordError, type CycleState, type PartialPage, type PluginState, type RecordedError, type ResourceProgress } from "./types.ts";
import type { CatalogWriter, EntityRef } from "./catalog-writer.ts";

export interface PageRun {
  plugin: AnyPlugin;
  state: PluginState;
  mapping: CompiledMapping;
  writer: CatalogWriter;
  context: PluginContext<any>;
  userAgent(kind: string): string;
  /** Every writer of this deployment: what any of them wrote may be written over by any other. */
  ours: readonly Ownership[];
  now(): number;
  /** Page index of the last cycle with the same mapping, for skipping unchanged entities. */
  previous: PageIndex | undefined;
  /** Kinds the last cycle found incomplete in Port: written in full, nothing skipped. */
  writeInFull: ReadonlySet<string>;
  readSegment: SegmentReader;
  /** Outbound requests this tick may still make, and when its time is up: a page's writes stop there. */
  remaining(): number;
  deadline: number;
  /** Lists, maps and checks the next page while this one is written; absent when RESYNC_CONCURRENCY is 1. */
  ahead?: Prefetch<PreparedPage>;
  /** Outbound requests the tick's last step cost, none before its first: what working ahead may cost. */
  lastPageCost?: number;
  /** Items a page asks for (`ListArgs.limit`): the plugin's page size, or what the tick's CPU budget fits. */
  pageLimit: number;
  /** The tick's CPU estimate: pages are worked on ahead only while they would fit it. */
  cpu: Pick<CpuEstimate, "stepsFit">;
}

/** Port takes 20 entities per bulk request; one request stays in reserve for a token renewal. */
const BULK_ENTITIES = 20;
const TOKEN_RESERVE = 1;

/** Issues after which an item produced no entity although it may exist: its kind is not reconciled. */
const ITEM_DROPPING_FIELDS = new Set(["selector.query", "port.itemsToParse", "identifier", "blueprint"]);

async function previousHashes(run: PageRun, kind: string, resource: number, page: number): Promise<Map<number, number>> {
  if (run.writeInFull.has(kind)) return new Map();
  const key = findPage(run.previous, resource, page);
  const segment = key ? await run.readSegment(key) : null;
  const record = segment?.[run.plugin.name]?.pages?.find((p) => p.r === resource && p.k === page);
  return new Map((record?.h ?? []).map(([ref, content]) => [ref, content]));
}

/**
 * One chunk of a resync: list a page, map it in one jq call, write what changed since the last
 * cycle. The cursor moves only after the writes succeeded or their failures were recorded. Writes
 * that outrun the tick are made in parts, and the next tick resumes after the last part done (see
 * PartialPage), so every tick moves forward however many entities one page maps to. Returns the
 * page's record for the tick's segment, or null when nothing was listed or the page is unfinished.
 */
export async function runPage(run: PageRun, cycle: CycleState): Promise<PageRecord | null> {
  const progress = cycle.resources[cycle.position];
  if (!progress) return null;
  const resource = run.mapping.resources.find((r) => r.index === progress.index)!;
  progress.status = "running";

  const list = (cursor: Json) => () =>
    listKind(run.plugin, { ...run.context, kind: progress.kind, selector: resource.selector, cursor, limit: run.pageLimit });
  const listed = run.ahead?.take(progress.index, progress.cursor, progress.pages, list(progress.cursor));
  let page: Page;
  try {
    page = checkedPage(await (listed?.page ?? list(progress.cursor)()));
  } catch (err) {
    if (isListingPause(err)) throw err;
    failResource(run, cycle, progress, `listing ${progress.kind} failed`, err);
    return null;
  }
  const next = page.next;
  /** Once this page's writes are known: list and prepare the pages after it, if they fit the tick besides. */
  const goOn = (writes: number) => {
    if (next === null || !run.ahead) return;
    const further = (ahead: number) => listsAhead(run, writes, ahead + 1);
    run.ahead.start(progress.index, next, (cursor) => list(cursor)(), further);
    const number = progress.pages + 1;
    if (further(0)) run.ahead.prepare(progress.index, next, number, (listed) => preparePage(run, progress.kind, progress.index, number, listed));
  };
  try {
    return await writePage(run, cycle, progress, page, listed?.prepared, goOn);
  } catch (err) {
    if (isPortPause(err)) throw err;
    // Anything else would fail the same way on every retry: the kind is marked failed (so nothing
    // of it is deleted) and the cycle moves on instead of redoing this page forever.
    failResource(run, cycle, progress, `processing a page of ${progress.kind} failed`, err);
    return null;
  }
}

export function failResource(run: PageRun, cycle: CycleState, progress: ResourceProgress, what: string, err: unknown): void {
  progress.status = err instanceof KindUnavailableError ? "unavailable" : "failed";
  progress.error = errorMessage(err);
  delete progress.partial;
  recordError(run.state, { kind: progress.kind, message: `${what}: ${progress.error}` }, run.now());
  cycle.position++;
}

/** A plugin's page as the engine relies on it: a list of items and a cursor that is never undefined. */
function checkedPage(page: Page): Page {
  if (!page || !Array.isArray(page.items) || page.next === undefined) {
    throw new Error("the plugin returned a malformed page (needs items: [] and next: cursor or null)");
  }
  return page;
}

/**
 * What a page's writes are decided from: its entities mapped and hashed, those that changed since
 * the last cycle, and those someone else wrote. Reads only, so it may run for the next page while
 * this one is written.
 */
export type PreparedPage = Awaited<ReturnType<typeof preparePage>>;

async function preparePage(run: PageRun, kind: string, index: number, pageNumber: number, page: Page) {
  const scopeOf = run.plugin.scopeOf;
  const scopes = scopeOf ? page.items.map((item) => scopeOf(kind, item)) : [];
  const mapped = await run.mapping.mapResource(index, page.items);

  const previous = await previousHashes(run, kind, index, pageNumber);
  const hashed = mapped.entities.map(({ entity, item }) => ({
    entity,
    item,
    scopeHash: item === undefined || scopes[item] == null ? null : hash53(scopes[item]!),
    // Search-query identifiers resolve inside Port: never diffed, never reconciled (as in Ocean).
    ref: typeof entity.identifier === "string" ? refHash(entity as { blueprint: string; identifier: string }) : null,
    content: hash53(canonicalJson(entity)),
  }));
  // An identifier another scope keeps is not written from this one; its keeper's is, once, after settling.
  const owners = run.state.owners ?? {};
  const claimOf = (h: (typeof hashed)[number]) => {
    const owner = h.ref === null || h.scopeHash === null ? undefined : owners[h.ref];
    return owner?.kind === kind ? owner : undefined;
  };
  const losing = hashed.filter((h) => { const o = claimOf(h); return o !== undefined && o.scope !== h.scopeHash; });
  const lost = new Set(losing);
  const changed = hashed.filter(
    (h) => h.ref === null || (!lost.has(h) && (claimOf(h)?.rewrite === true || previous.get(h.ref) !== h.content)),
  );
  // Only entities portside has no record of writing can be someone else's.
  const unknown = changed.filter((h) => h.ref !== null && !previous.has(h.ref)).map((h) => h.entity as EntityRef);
  const foreign = new Set((unknown.length > 0 ? await run.writer.foreign(unknown, run.ours) : []).map(refHash));
  return { mapped, hashed, claimOf, losing, lost, changed, foreign };
}

async function writePage(
  run: PageRun,
  cycle: CycleState,
  progress: ResourceProgress,
  page: Page,
  ahead: Promise<PreparedPage> | undefined,
  goOn: (writes: number) => void,
): Promise<PageRecord | null> {
  const pageNumber = progress.pages;
  const { mapped, hashed, claimOf, losing, lost, changed, foreign } = await (ahead ??
    preparePage(run, progress.kind, progress.index, pageNumber, page));
  // The next pages are listed, mapped and checked while this one is written.
  goOn(Math.ceil(changed.length / BULK_ENTITIES) + TOKEN_RESERVE);
  const written = await writeChanged(run, progress, pageNumber, foreign.size > 0 ? changed.filter((h) => !foreign.has(h.ref!)) : changed);
  if (!written) return null;

  // Counted only now: a page redone after a stop error must not count twice.
  const where = (item: number | undefined) =>
    item === undefined ? progress.kind : (run.plugin.describe?.(progress.kind, page.items[item]) ?? progress.kind);
  const record = (error: Omit<RecordedError, "at">) => recordError(run.state, error, run.now());
  for (const failed of page.failedScopes ?? []) {
    progress.failedScopes.push(hash53(failed.scope));
    record({ kind: progress.kind, item: failed.scope, message: failed.message });
  }
  for (const warning of page.warnings ?? []) record({ kind: progress.kind, ...warning });
  for (const issue of mapped.issues) {
    record({ kind: issue.kind, item: issue.item, field: issue.field, message: issue.message });
    if (ITEM_DROPPING_FIELDS.has(issue.field)) progress.itemErrors++;
  }
  for (const x of hashed) {
    if (x.ref === null || !foreign.has(x.ref)) continue;
    const { blueprint, identifier } = x.entity as EntityRef;
    record({
      kind: progress.kind,
      item: identifier,
      message: `conflict: ${where(x.item)} declares ${blueprint} "${identifier}", which exists in Port from another datasource; portside does not take over or delete entities it did not create`,
    });
  }
  for (const x of losing) {
    const owner = claimOf(x)!;
    const { blueprint, identifier } = x.entity as EntityRef;
    Object.assign(owner, { identifier, blueprint });
    record({
      kind: progress.kind,
      item: identifier,
      message: `conflict: ${where(x.item)} declares ${blueprint} "${identifier}", which ${owner.keptBy} declared first; ${owner.keptBy} keeps it`,
    });
  }
  for (const x of hashed) {
    const owner = claimOf(x);
    if (owner?.scope === x.scopeHash) Object.assign(owner, { identifier: (x.entity as EntityRef).identifier, blueprint: (x.entity as EntityRef).blueprint });
  }
  const failedRefs = new Set(written.failed);
  progress.skipped += mapped.skipped;
  progress.filtered += mapped.filtered;
  progress.searchIdentifiers += hashed.filter((x) => x.ref === null).length;
  progress.upserted += written.upserted;
  progress.failed += written.failed.length + foreign.size;
  progress.unchanged += hashed.length - changed.length;
  progress.pages++;
  progress.listed += page.items.length;
  progress.cursor = page.next;
  if (page.next === null) {
    progress.status = "done";
    cycle.position++;
  }
  // A failed entity still counts as produced (a write error must never become a deletion), with
  // content hash 0 so the next cycle sends it again; so does a declaration another scope keeps.
  const h: PageRecord["h"] = [];
  const names: Record<string, string> = {};
  for (const x of hashed) {
    // Someone else's entity is not produced by portside: never recorded, so never reconciled.
    if (x.ref === null || foreign.has(x.ref)) continue;
    const content = failedRefs.has(x.ref) || lost.has(x) ? 0 : x.content;
    h.push(x.scopeHash === null ? [x.ref, content] : [x.ref, content, x.scopeHash]);
    if (x.scopeHash !== null && run.plugin.describe && !(x.scopeHash in names)) names[x.scopeHash] = where(x.item);
  }
  const t = relationTargets(hashed);
  return {
    r: progress.index,
    k: pageNumber,
    kind: progress.kind,
    h,
    ...(t.length > 0 && { t }),
    ...(Object.keys(names).length > 0 && { s: names }),
  };
}

/** Identifiers named in relations (search-query relations resolve inside Port to existing entities). */
function relationTargets(hashed: readonly { entity: { relations?: unknown }; scopeHash: number | null }[]): NonNullable<PageRecord["t"]> {
  const targets = new Map<string, number | [number, number]>();
  for (const { entity, scopeHash } of hashed) {
    const relations = entity.relations;
    if (!relations || typeof relations !== "object") continue;
    for (const value of Object.values(relations)) {
      for (const id of Array.isArray(value) ? value : [value]) {
        if (typeof id !== "string") continue;
        const target = targetHash(id);
        targets.set(`${target}:${scopeHash}`, scopeHash === null ? target : [target, scopeHash]);
      }
    }
  }
  return [...targets.values()];
}

/**
 * Write a page's changed entities in parts the tick still has room for, resuming where an earlier
 * tick stopped if the page still maps to the same writes. Null when the tick ran out first: the
 * progress stays in `progress.partial` for the next tick.
 */
async function writeChanged(
  run: PageRun,
  progress: ResourceProgress,
  page: number,
  changed: readonly { entity: Entity | Record<string, unknown>; ref: number | null; content: number }[],
): Promise<PartialPage | null> {
  const fingerprint = hash53(changed.map((h) => `${h.ref ?? ""}:${h.content}`).join(","));
  const earlier = progress.partial;
  const part = earlier?.page === page && earlier.fingerprint === fingerprint ? earlier : { page, fingerprint, done: 0, upserted: 0, failed: [] };
  progress.partial = part;
  const { config } = run.mapping;
  const options = {
    merge: config.enableMergeEntity,
    createMissingRelatedEntities: config.createMissingRelatedEntities,
    userAgent: run.userAgent(progress.kind),
  };
  while (part.done < changed.length) {
    const room = (run.remaining() - TOKEN_RESERVE) * BULK_ENTITIES;
    if (room <= 0 || run.now() >= run.deadline) return null;
    const slice = changed.slice(part.done, part.done + room);
    const result = await run.writer.upsert(slice.map((h) => h.entity as Entity), options);
    // Recorded as each part lands: a part is never written twice, so it is never counted twice.
    for (const failure of result.failed) {
      recordError(run.state, { kind: progress.kind, item: failure.identifier, message: `${failure.blueprint}: ${failure.message}` }, run.now());
    }
    part.failed.push(...result.failed.map((f) => refHash(f)));
    part.upserted += result.written.length;
    part.done += slice.length;
  }
  delete progress.partial;
  return part;
}
