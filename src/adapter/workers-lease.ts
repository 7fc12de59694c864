import { DurableObject } from "cloudflare:workers";
import { decideAcquire, decideRelease, emptyLeaseRecord, type Acquired, type LeaseRecord, type LeaseStore } from "../sync/lease.ts";

const RECORD = "lease";

/**
 * The tick lease in a SQLite-backed Durable Object (free plan), one object per deployment. A
 * Durable Object runs one call at a time and its storage is strongly consistent, so each method
 * is one atomic step. Bound as LEASE in wrangler.toml with a `new_sqlite_classes` migration.
 */
export class LeaseObject extends DurableObject {
  private async update<T>(decide: (record: LeaseRecord) => { next: LeaseRecord; result: T }): Promise<T> {
    const record = (await this.ctx.storage.get<LeaseRecord>(RECORD)) ?? emptyLeaseRecord();
    const { next, result } = decide(record);
    if (next !== record) await this.ctx.storage.put(RECORD, next);
    return result;
  }

  acquire(holder: string, until: number, now: number): Promise<Acquired> {
    return this.update((record) => decideAcquire(record, holder, until, now));
  }

  async holds(holder: string): Promise<boolean> {
    return (await this.ctx.storage.get<LeaseRecord>(RECORD))?.holder === holder;
  }

  release(holder: string, options: { writes: number; now: number; saved: boolean }): Promise<number> {
    return this.update((record) => {
      const next = decideRelease(record, holder, options);
      return { next, result: next.writes };
    });
  }
}

/** The deployment's lease object; the stub's RPC methods are the LeaseStore API. */
export function durableLease(namespace: DurableObjectNamespace<LeaseObject>, instance: string): LeaseStore {
  const stub = namespace.get(namespace.idFromName(instance));
  return {
    acquire: (holder, until, now) => stub.acquire(holder, until, now),
    holds: (holder) => stub.holds(holder),
    release: (holder, options) => stub.release(holder, options),
  };
}
