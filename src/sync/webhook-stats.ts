import type { StateStore } from "../state/store.ts";

export interface WebhookStats {
  received: number;
  rejected: number;
  ignored: number;
  applied: number;
  failed: number;
  lastAt: string | null;
  /** Recent failures to apply an event; the next resync cycle repairs what they missed. */
  failures: { at: string; event: string; message: string }[];
}

const MAX_FAILURES = 20;
/** Counts reach KV at most this often per isolate: free KV allows 1,000 writes a day in all. */
const FLUSH_EVERY_MS = 10 * 60_000;
/** Failures sooner, but still batched: a burst of them during an outage must not spend the day's writes. */
const FLUSH_FAILURES_EVERY_MS = 60_000;

const key = (plugin: string) => `webhooks:${plugin}`;

export const emptyWebhookStats = (): WebhookStats => ({
  received: 0,
  rejected: 0,
  ignored: 0,
  applied: 0,
  failed: 0,
  lastAt: null,
  failures: [],
});

type Outcome = "rejected" | "ignored" | "applied" | "failed";

// Counts since the last flush, per plugin, for this isolate.
const pending = new Map<string, { stats: WebhookStats; flushedAt: number }>();

/** What KV holds plus what this isolate counted since its last flush. */
export async function readWebhookStats(store: StateStore, plugin: string): Promise<WebhookStats | null> {
  const stored = await store.get<WebhookStats>(key(plugin));
  const local = pending.get(plugin)?.stats;
  if (!local) return stored;
  return merge(stored ?? emptyWebhookStats(), local);
}

function merge(stored: WebhookStats, recent: WebhookStats): WebhookStats {
  return {
    received: stored.received + recent.received,
    rejected: stored.rejected + recent.rejected,
    ignored: stored.ignored + recent.ignored,
    applied: stored.applied + recent.applied,
    failed: stored.failed + recent.failed,
    lastAt: recent.lastAt ?? stored.lastAt,
    failures: [...[...recent.failures].reverse(), ...stored.failures].slice(0, MAX_FAILURES),
  };
}

/**
 * Count a webhook outcome. Counts are batched per isolate (an isolate's first event is written at
 * once); failures within a minute, so "applying failed" reaches /status without spending the day's
 * KV writes during an outage.
 */
export async function countWebhook(
  store: StateStore,
  plugin: string,
  outcome: Outcome,
  now: number,
  failure?: { event: string; message: string },
): Promise<void> {
  // An isolate's first event is written at once; later ones are batched.
  const entry = pending.get(plugin) ?? { stats: emptyWebhookStats(), flushedAt: -Infinity };
  pending.set(plugin, entry);
  const { stats } = entry;
  stats.received++;
  stats[outcome]++;
  stats.lastAt = new Date(now).toISOString();
  if (failure) stats.failures.push({ at: stats.lastAt, ...failure });
  const since = now - entry.flushedAt;
  if (since < (stats.failed > 0 ? FLUSH_FAILURES_EVERY_MS : FLUSH_EVERY_MS)) return;

  pending.set(plugin, { stats: emptyWebhookStats(), flushedAt: now });
  const stored = (await store.get<WebhookStats>(key(plugin))) ?? emptyWebhookStats();
  await store.set(key(plugin), merge(stored, stats));
}
