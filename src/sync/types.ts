import type { LastGoodMapping } from "../config/mapping.ts";
import type { Json } from "../plugin.ts";
import type { CachedToken } from "../port/token.ts";
import type { PageIndex } from "./segments.ts";

export interface RecordedError {
  at: string;
  kind?: string;
  item?: string;
  field?: string;
  message: string;
}

export type ResourceStatus = "pending" | "running" | "done" | "failed" | "unavailable";

/** Progress of one port-app-config resource (a kind with its selector) within a cycle. */
export interface ResourceProgress {
  index: number;
  kind: string;
  status: ResourceStatus;
  cursor: Json;
  pages: number;
  listed: number;
  upserted: number;
  unchanged: number;
  failed: number;
  skipped: number;
  filtered: number;
  /** Items whose selector or identifier failed to evaluate: they may be live, so their kind is not reconciled. */
  itemErrors: number;
  /** Hashes of scopes (e.g. repositories) that could not be read: their last entities are kept. */
  failedScopes: number[];
  /** Entities identified by a search query: Port resolves them, so their kind is never reconciled. */
  searchIdentifiers: number;
  /** How far the writes of the page at the cursor got, when they did not fit in one tick. */
  partial?: PartialPage;
  /**
   * Ticks in a row that began with this page and spent their whole budget without moving it: a page
   * that cannot fit any tick is failed instead of being redone forever.
   */
  stalls?: number;
  error?: string;
}

/**
 * A page whose writes span ticks (one port.yaml may hold thousands of entities): the next tick lists
 * the page again and, if it maps to exactly the same writes, resumes after the first `done` of them.
 * Its record reaches a segment only once every write is done, so nothing half-written is taken as
 * complete, skipped as unchanged or reconciled against.
 */
export interface PartialPage {
  page: number;
  /** Hash of the page's writes (references and contents, in order): any change starts the page over. */
  fingerprint: number;
  done: number;
  upserted: number;
  /** Reference hashes of writes Port refused (their errors are recorded as they happen). */
  failed: number[];
}

/** Per kind: may its stale entities be deleted, and what happened when they were. */
export interface KindReconcile {
  kind: string;
  /** Why deletion is skipped for this kind; absent when it is allowed. */
  skipped?: string;
  owned: number;
  stale: number;
  deleted: number;
  failed: number;
  /** Produced entities found in Port, and produced ones missing from it. */
  present?: number;
  absent?: number;
  /** Owned entities no longer produced but kept because produced entities still relate to them. */
  spared?: number;
}

export interface ReconcileState {
  phase: "scan" | "delete";
  kinds: KindReconcile[];
  /** Kind being scanned, and where its owned-entity listing resumes. */
  position: number;
  from: string | null;
  /** Segments holding the stale entities found by the scan, and where deleting resumes. */
  staleSegments: string[];
  deleteAt: { segment: number; offset: number };
}

export interface CycleState {
  id: string;
  startedAt: string;
  reason: string;
  mappingHash: string;
  /** The catalog written to (the local one, or a Port API and client): hashes are only valid there. */
  writer: string;
  /** Resources in sync order (plugin kind order, then config order); `position` indexes it. */
  resources: ResourceProgress[];
  position: number;
  /** Segments this cycle wrote (produced identifiers and content hashes of its pages). */
  segments: string[];
  pageIndex: PageIndex;
  reconcile: ReconcileState | null;
}

export interface CycleSummary extends CycleState {
  finishedAt: string;
}

export interface PluginState {
  cycle: CycleState | null;
  lastCycle: CycleSummary | null;
  /** When the next cycle may start (end of the last one plus RESYNC_INTERVAL_MINUTES). */
  nextCycleAt: string | null;
  /** The last admin resync request this plugin acted on. */
  handledRequestAt: string | null;
  /** Mapping hash and catalog for which the default blueprints were already ensured. */
  blueprintsFor: string | null;
  /** The mapping in force at the last tick: kept in force when a newer one is refused. */
  mapping: LastGoodMapping | null;
  /** Why the preferred mapping was refused, while it is. */
  mappingRefused: { origin: string; error: string; at: string } | null;
  errors: RecordedError[];
  /** Identifiers two or more scopes (repositories) declare, by refHash: which one keeps each. */
  owners?: Record<string, IdentifierOwner>;
}

/**
 * As Backstage does with conflicting entities: the scope that declared an identifier first (in an
 * earlier cycle, else earlier in the listing) keeps it; the others' declarations are neither written
 * nor allowed to delete it, and are reported until they go.
 */
export interface IdentifierOwner {
  kind: string;
  scope: number;
  keptBy: string;
  alsoDeclaredBy: string[];
  /** Learnt when a page meets the identifier: segments hold only hashes. */
  identifier?: string;
  blueprint?: string;
  /** Newly settled: the keeper's content is written again next cycle, as another scope may have overwritten it. */
  rewrite?: boolean;
}

export interface TickReport {
  id: string;
  startedAt: string;
  durationMs: number;
  outbound: number;
  /** The tick's CPU as the cost model estimates it (src/sync/cpu.ts). */
  cpuEstimateMs: number;
  stateWrites: number;
  pages: number;
  stoppedBy: Record<string, string>;
}

/** The whole sync state, one KV value written once at the end of each tick. */
export interface SyncState {
  version: 1;
  lastTickId: string | null;
  lastTick: TickReport | null;
  token: CachedToken | null;
  plugins: Record<string, PluginState>;
}

export interface Lease {
  tick: string;
  until: number;
}

export const emptySyncState = (): SyncState => ({
  version: 1,
  lastTickId: null,
  lastTick: null,
  token: null,
  plugins: {},
});

export const emptyPluginState = (): PluginState => ({
  cycle: null,
  lastCycle: null,
  nextCycleAt: null,
  handledRequestAt: null,
  blueprintsFor: null,
  mapping: null,
  mappingRefused: null,
  errors: [],
});

export const MAX_RECORDED_ERRORS = 50;

export function recordError(state: PluginState, error: Omit<RecordedError, "at">, now: number): void {
  state.errors.unshift({ at: new Date(now).toISOString(), ...error });
  state.errors.length = Math.min(state.errors.length, MAX_RECORDED_ERRORS);
}
