import type { Json } from "../plugin.ts";
import type { StateStore } from "../state/store.ts";

/**
 * Webhook events that failed every attempt. A Cloudflare dead-letter queue cannot be listed, so
 * they are kept in state instead: shown in /status, applied again by POST /admin/webhooks/replay.
 * Within an isolate the read-modify-writes below run one after another; across isolates the queue
 * consumer's max_concurrency = 1 (README) leaves a single consumer, so none is lost to a race.
 */
export interface DeadLetter {
  id: string;
  plugin: string;
  message: string;
  key?: string;
  /** The event as the plugin accepted it: what replay applies. Never holds a secret. */
  event: Json;
  acceptedAt: string;
  failedAt: string;
  attempts: number;
  error: string;
}

export interface DeadLetters {
  /** Events waiting to be replayed. */
  count: number;
  lastError: string | null;
  lastAt: string | null;
  /** Dead letters pushed out past MAX_DEAD_LETTERS (oldest first): the next resync repairs what they missed. */
  dropped: number;
  events: DeadLetter[];
}

const KEY = "webhook-dead-letters";
/** Bounded so the record stays a small KV value (25 MiB; Deno KV values chunked) whatever an outage does. */
export const MAX_DEAD_LETTERS = 200;

export const emptyDeadLetters = (): DeadLetters => ({ count: 0, lastError: null, lastAt: null, dropped: 0, events: [] });

export async function readDeadLetters(store: StateStore): Promise<DeadLetters> {
  return (await store.get<DeadLetters>(KEY)) ?? emptyDeadLetters();
}

let last: Promise<unknown> = Promise.resolve();

/** Runs read-modify-writes of the dead letters one at a time in this isolate. */
function serially<T>(work: () => Promise<T>): Promise<T> {
  const run = last.then(work, work);
  last = run.catch(() => undefined);
  return run;
}

/** Records one; a duplicate delivery of an event already here replaces it instead of counting twice. */
export function recordDeadLetter(store: StateStore, letter: DeadLetter): Promise<void> {
  return serially(() => addLetter(store, letter));
}

async function addLetter(store: StateStore, letter: DeadLetter): Promise<void> {
  const letters = await readDeadLetters(store);
  const same = (d: DeadLetter) => d.plugin === letter.plugin && letter.key !== undefined && d.key === letter.key;
  const events = [...letters.events.filter((d) => !same(d)), letter];
  const dropped = Math.max(0, events.length - MAX_DEAD_LETTERS);
  await store.set(KEY, {
    count: events.length - dropped,
    lastError: letter.error,
    lastAt: letter.failedAt,
    dropped: letters.dropped + dropped,
    events: events.slice(dropped),
  } satisfies DeadLetters);
}

/** Removes the given dead letters (they are being replayed), keeping any recorded since they were read. */
export function removeDeadLetters(store: StateStore, ids: ReadonlySet<string>): Promise<void> {
  return serially(async () => {
    const letters = await readDeadLetters(store);
    const events = letters.events.filter((d) => !ids.has(d.id));
    await store.set(KEY, { ...letters, count: events.length, events } satisfies DeadLetters);
  });
}
