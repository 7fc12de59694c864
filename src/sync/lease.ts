import type { Runtime } from "../runtime/context.ts";
import { loadSyncState, syncKeys } from "./state.ts";
import type { Lease, SyncState } from "./types.ts";

/**
 * The tick lease: at most one tick runs at a time, whatever started it (cron, a queue message, an
 * admin request). A strongly consistent store (a SQLite Durable Object, Deno KV's atomic check)
 * decides in one step; without one, the best-effort KV lease of before.
 */

/** What a strongly consistent store keeps, one record per deployment. */
export interface LeaseRecord {
  /** The tick holding the lease, or null once it released it. */
  holder: string | null;
  until: number;
  /** The last tick that released the lease after saving, and when: its state is the newest saved. */
  last: string | null;
  lastAt?: number;
  /** State writes the engine made on this UTC day, counted at each release. */
  day: string;
  writes: number;
}

/**
 * Taken, with the ticks whose saved state is the newest: the last to release (`last`), or a holder
 * whose lease expired (`expired`: it may have saved, then died before releasing).
 */
export type Acquired = { ok: true; last: string | null; lastAt: number; expired: string | null } | { ok: false; until: number };

/** A strongly consistent lease store; every method is one atomic step. */
export interface LeaseStore {
  /** Takes the lease for `holder` until `until`, unless another holder's is still live at `now`. */
  acquire(holder: string, until: number, now: number): Promise<Acquired>;
  holds(holder: string): Promise<boolean>;
  /** Frees the lease (if still held) and adds `writes` to the day's count; returns the day's count. */
  release(holder: string, options: { writes: number; now: number; saved: boolean }): Promise<number>;
}

export const emptyLeaseRecord = (): LeaseRecord => ({ holder: null, until: 0, last: null, day: "", writes: 0 });

const utcDay = (now: number) => new Date(now).toISOString().slice(0, 10);

/** The decision every store makes inside its atomic step. */
export function decideAcquire(record: LeaseRecord, holder: string, until: number, now: number): { next: LeaseRecord; result: Acquired } {
  if (record.holder !== null && record.until > now) return { next: record, result: { ok: false, until: record.until } };
  return { next: { ...record, holder, until }, result: { ok: true, last: record.last, lastAt: record.lastAt ?? 0, expired: record.holder } };
}

export function decideRelease(record: LeaseRecord, holder: string, options: { writes: number; now: number; saved: boolean }): LeaseRecord {
  const day = utcDay(options.now);
  const writes = (record.day === day ? record.writes : 0) + options.writes;
  if (record.holder !== holder) return { ...record, day, writes };
  const last = options.saved ? { last: holder, lastAt: options.now } : {};
  return { ...record, holder: null, until: 0, ...last, day, writes };
}

export interface TickLease {
  readonly tick: string;
  /** False once another tick took over (this one's lease expired while it ran). */
  held(): Promise<boolean>;
  /**
   * Frees the lease for the next tick; `saved` says the tick's state was written. Returns the state
   * writes made today, or undefined when the lease store does not count them (the KV lease).
   */
  release(writes: number, saved: boolean): Promise<number | undefined>;
}

export const STALE_STATE = "the last tick's state is not visible here yet (KV is eventually consistent)";
/**
 * KV shows a write everywhere within about a minute. Past this, state that still differs was
 * changed on purpose (cleared, or dropped as an older layout) and the tick goes on from it.
 */
const STALE_WINDOW_MS = 3 * 60_000;

export type Claim = { taken: true; lease: TickLease; sync: SyncState } | { taken: false; reason: string };

/** KV has no compare-and-set: two ticks that both saw the lease free both write it; after this pause only the last reads its own id back. */
const KV_LEASE_SETTLE_MS = 50;

/**
 * Takes the lease until `until`, then reads the sync state the tick continues from. With a strong
 * store, state read from eventually consistent KV that is older than the last tick's is refused:
 * continuing from it would redo and overwrite that tick's progress.
 */
export async function claimTick(rt: Runtime, until: number): Promise<Claim> {
  return rt.lease ? claimStrong(rt, rt.lease, until) : claimKv(rt, until);
}

async function claimStrong(rt: Runtime, store: LeaseStore, until: number): Promise<Claim> {
  const tick = crypto.randomUUID();
  const acquired = await store.acquire(tick, until, rt.now());
  if (!acquired.ok) return { taken: false, reason: `another tick holds the lease until ${new Date(acquired.until).toISOString()}` };
  rt.log.info("lease.taken", { tick });
  const lease: TickLease = {
    tick,
    held: () => store.holds(tick),
    async release(writes, saved) {
      const writesToday = await store.release(tick, { writes, now: rt.now(), saved });
      rt.log.info("lease.released", { tick, writesToday });
      return writesToday;
    },
  };
  const sync = await loadSyncState(rt.state);
  const behind = acquired.last !== null && sync.lastTickId !== acquired.last && sync.lastTickId !== acquired.expired;
  if (behind && rt.now() - acquired.lastAt < STALE_WINDOW_MS) {
    await lease.release(0, false);
    return { taken: false, reason: STALE_STATE };
  }
  return { taken: true, lease, sync };
}

async function claimKv(rt: Runtime, until: number): Promise<Claim> {
  const started = rt.now();
  const [held, sync] = await Promise.all([rt.state.get<Lease>(syncKeys.lease), loadSyncState(rt.state)]);
  // The lease of a tick that saved its state is free: ticks do not spend a write releasing it.
  if (held && held.until > started && held.tick !== sync.lastTickId) {
    return { taken: false, reason: `another tick holds the lease until ${new Date(held.until).toISOString()}` };
  }
  const tick = crypto.randomUUID();
  await rt.state.set(syncKeys.lease, { tick, until } satisfies Lease);
  await new Promise((resolve) => setTimeout(resolve, KV_LEASE_SETTLE_MS));
  const holds = async () => (await rt.state.get<Lease>(syncKeys.lease))?.tick === tick;
  if (!(await holds())) return { taken: false, reason: "another tick took the lease at the same time" };
  return { taken: true, sync, lease: { tick, held: holds, release: async () => undefined } };
}
