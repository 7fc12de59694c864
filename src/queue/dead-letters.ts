import type { Json } from "../plugin.ts";
import type { StateStore } from "../state/store.ts";
import { hash53 } from "../sync/hash.ts";

/**
 * Webhook events that failed every attempt. A Cloudflare dead-letter queue cannot be listed, so
 * they are kept in state instead: shown in /status, applied again by POST /admin/webhooks/replay.
 * Each letter is a key of its own, written once by the queue consumer and removed by replay: the
 * consumer and a replay (another isolate, reading KV eventually consistently) never rewrite a
 * shared value, so a replay removes exactly the letters it re-sent and never one recorded since.
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

/** A letter as /status shows it: the event itself only when small. */
export interface DeadLetterSummary extends Omit<DeadLetter, "event"> {
  event?: Json;
  eventBytes: number;
}

export interface DeadLetters {
  /** Events waiting to be replayed. */
  count: number;
  lastError: string | null;
  lastAt: string | null;
  /** Letters not kept because MAX_DEAD_LETTERS were waiting: each was handed to the plugin's next resync. */
  dropped: number;
  /** The newest SHOWN_LETTERS, newest first. */
  events: DeadLetterSummary[];
}

const PREFIX = "webhook-dead-letter";
const DROPPED = "webhook-dead-letters-dropped";
/** Bounded so an outage cannot fill KV; past it the resync repairs what an event missed. */
export const MAX_DEAD_LETTERS = 200;
/** /status shows this many letters, and an event only up to EVENT_SHOWN_BYTES (a queued one may be 120 KB). */
export const SHOWN_LETTERS = 20;
export const EVENT_SHOWN_BYTES = 2048;

export const emptyDeadLetters = (): DeadLetters => ({ count: 0, lastError: null, lastAt: null, dropped: 0, events: [] });

/**
 * A letter's id sorts by when it failed, and ends with the event's identity (plugin and key), so
 * a duplicate delivery is found by listing keys alone.
 */
function letterId(letter: Pick<DeadLetter, "plugin" | "key" | "failedAt">): string {
  const at = Date.parse(letter.failedAt).toString(36).padStart(10, "0");
  const same = letter.key === undefined ? "" : hash53(`${letter.plugin}\u0000${letter.key}`).toString(36);
  return `${at}.${crypto.randomUUID()}.${same}`;
}
const sameEventAs = (id: string) => id.slice(id.lastIndexOf(".") + 1);
const keyOf = (id: string) => `${PREFIX}:${id}`;
const idOf = (key: string) => key.slice(PREFIX.length + 1);

/** The ids of the letters waiting, oldest first. */
export async function deadLetterIds(store: StateStore): Promise<string[]> {
  return (await store.keys(PREFIX)).map(idOf);
}

export async function readDeadLetter(store: StateStore, id: string): Promise<DeadLetter | null> {
  return store.get<DeadLetter>(keyOf(id));
}

export async function removeDeadLetter(store: StateStore, id: string): Promise<void> {
  await store.remove(keyOf(id));
}

function summary({ event, ...letter }: DeadLetter): DeadLetterSummary {
  const eventBytes = new TextEncoder().encode(JSON.stringify(event)).length;
  return { ...letter, eventBytes, ...(eventBytes <= EVENT_SHOWN_BYTES && { event }) };
}

/** What /status shows: the count, and the newest letters as summaries. */
export async function readDeadLetters(store: StateStore): Promise<DeadLetters> {
  const ids = await deadLetterIds(store);
  const newest = await Promise.all(ids.slice(-SHOWN_LETTERS).reverse().map((id) => readDeadLetter(store, id)));
  const events = newest.filter((l): l is DeadLetter => l !== null).map(summary);
  return {
    count: ids.length,
    lastError: events[0]?.error ?? null,
    lastAt: events[0]?.failedAt ?? null,
    dropped: (await store.get<number>(DROPPED)) ?? 0,
    events,
  };
}

/**
 * Records one (its id is set here); a duplicate delivery of an event already here replaces it
 * instead of counting twice. At MAX_DEAD_LETTERS the letter is not kept and `dropped` says so:
 * the caller hands the event to the resync either way.
 */
export async function recordDeadLetter(store: StateStore, letter: Omit<DeadLetter, "id">): Promise<{ kept: boolean }> {
  const id = letterId(letter);
  const ids = await deadLetterIds(store);
  const same = letter.key === undefined ? [] : ids.filter((other) => sameEventAs(other) === sameEventAs(id));
  for (const other of same) await removeDeadLetter(store, other);
  if (ids.length - same.length >= MAX_DEAD_LETTERS) {
    // Only the queue consumer (max_concurrency = 1, README) writes this count.
    await store.set(DROPPED, ((await store.get<number>(DROPPED)) ?? 0) + 1);
    return { kept: false };
  }
  await store.set(keyOf(id), { ...letter, id } satisfies DeadLetter);
  return { kept: true };
}
