import type { WorkQueue } from "../queue/messages.ts";
import { decideAcquire, decideRelease, emptyLeaseRecord, type LeaseRecord, type LeaseStore } from "../sync/lease.ts";

/** The part of Deno KV used here; the project type-checks against Workers types only. */
export interface DenoKvEntry<T> {
  key: unknown[];
  value: T | null;
  versionstamp: string | null;
}
interface DenoAtomic {
  check(entry: { key: unknown[]; versionstamp: string | null }): DenoAtomic;
  set(key: unknown[], value: unknown): DenoAtomic;
  enqueue(value: unknown): DenoAtomic;
  commit(): Promise<{ ok: boolean }>;
}
export interface DenoKv {
  get<T>(key: unknown[]): Promise<DenoKvEntry<T>>;
  atomic(): DenoAtomic;
  enqueue(value: unknown, options?: { delay?: number }): Promise<{ ok: boolean }>;
  listenQueue(handler: (value: unknown) => Promise<void>): Promise<void>;
  close(): void;
}

/**
 * The tick lease in Deno KV: each step reads the record and commits only if nobody changed it
 * since (its versionstamp), so two ticks, even in two processes on one KV file, never both win.
 */
export function denoKvLease(kv: DenoKv, instance: string): LeaseStore {
  const key = ["portside", instance, "tick-lease"];
  async function update<T>(decide: (record: LeaseRecord) => { next: LeaseRecord; result: T }): Promise<T> {
    for (;;) {
      const entry = await kv.get<LeaseRecord>(key);
      const record = entry.value ?? emptyLeaseRecord();
      const { next, result } = decide(record);
      if (next === record) return result;
      if ((await kv.atomic().check(entry).set(key, next).commit()).ok) return result;
    }
  }
  return {
    acquire: (holder, until, now) => update((record) => decideAcquire(record, holder, until, now)),
    holds: async (holder) => (await kv.get<LeaseRecord>(key)).value?.holder === holder,
    release: (holder, options) =>
      update((record) => {
        const next = decideRelease(record, holder, options);
        return { next, result: next.writes };
      }),
  };
}

/** Deno KV's queue: persisted in the KV file, so a message outlives a restart until it is handled. */
export function denoKvQueue(kv: DenoKv): WorkQueue {
  return {
    async send(message, options) {
      const { ok } = await kv.enqueue(message, { delay: (options?.delaySeconds ?? 0) * 1000 });
      if (!ok) throw new Error("Deno KV refused to enqueue the message");
    },
    async sendBatch(messages) {
      const atomic = kv.atomic();
      for (const message of messages) atomic.enqueue(message);
      const { ok } = await atomic.commit();
      if (!ok) throw new Error("Deno KV refused to enqueue the messages");
    },
  };
}
