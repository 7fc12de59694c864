import { errorMessage } from "../log.ts";
import type { Json, WebhookDecision } from "../plugin.ts";
import type { LoadedPlugin, Runtime } from "../runtime/context.ts";
import { applyWebhookChanges, handWebhookOver, type WebhookOutcome } from "../sync/webhook.ts";
import { countWebhook } from "../sync/webhook-stats.ts";
import { deadLetterIds, readDeadLetter, recordDeadLetter, removeDeadLetter, type DeadLetter } from "./dead-letters.ts";
import { MAX_BATCH_MESSAGES, MAX_MESSAGE_BYTES, type WebhookMessage } from "./messages.ts";

type Accepted = Extract<WebhookDecision, { action: "apply" }>;

/** Applies an accepted event with the plugin's handler, through the one place that writes. */
export function applyEvent(rt: Runtime, loaded: LoadedPlugin, event: Json, options?: { handOver?: boolean }): Promise<WebhookOutcome> {
  const handler = loaded.plugin.webhook;
  if (!handler) return Promise.reject(new Error(`plugin ${loaded.plugin.name} has no webhook handler`));
  return applyWebhookChanges(rt, loaded, (ctx) => handler.apply(event, ctx), options);
}

function messageOf(rt: Runtime, plugin: string, decision: Pick<Accepted, "message" | "key" | "event">, acceptedAt: string): WebhookMessage {
  return {
    type: "webhook",
    instance: rt.options.instance,
    plugin,
    message: decision.message,
    ...(decision.key !== undefined && { key: decision.key }),
    event: decision.event,
    acceptedAt,
  };
}

/**
 * Puts a verified event on the queue before the sender hears 202, so it outlives this invocation.
 * False when it cannot go there (over the queue's message size, or the send failed): the caller
 * applies it at once, as without a queue.
 */
export async function enqueueWebhook(rt: Runtime, plugin: string, decision: Accepted): Promise<boolean> {
  if (!rt.queue) return false;
  const message = messageOf(rt, plugin, decision, new Date(rt.now()).toISOString());
  const size = new TextEncoder().encode(JSON.stringify(message)).length;
  if (size > MAX_MESSAGE_BYTES) {
    rt.log.warn("webhook.not_queued", { plugin, webhook: decision.message, reason: `${size} bytes is over the queue's message size` });
    return false;
  }
  try {
    await rt.queue.send(message);
    return true;
  } catch (err) {
    rt.log.error("webhook.not_queued", { plugin, webhook: decision.message, error: errorMessage(err) });
    return false;
  }
}

export type Verdict = { done: true } | { retryAfterSeconds: number };
const DONE: Verdict = { done: true };

/** The delay before attempt `attempts + 1`: the first retry waits the set delay, each later one twice the last. */
export function retryDelay(rt: Runtime, attempts: number): number {
  return Math.min(rt.options.webhookRetryDelaySeconds * 2 ** Math.max(0, attempts - 1), 43_200);
}

/**
 * One delivery of a queued event (`attempts` counts this one). A failure is retried with backoff by
 * the queue; after the last attempt (`last`, or `attempts` reaching WEBHOOK_MAX_ATTEMPTS) the event
 * becomes a dead letter, so nothing accepted is lost.
 */
export async function applyQueuedWebhook(rt: Runtime, message: WebhookMessage, attempts: number, last = false): Promise<Verdict> {
  const log = rt.log.child({ plugin: message.plugin });
  const loaded = rt.plugins.find((p) => p.plugin.name === message.plugin);
  const started = rt.now();
  try {
    if (!loaded?.enabled) throw new Error(`plugin ${message.plugin} is not configured`);
    // The resync takes over only once the event is given up on, not on each attempt the queue repeats.
    const outcome = await applyEvent(rt, loaded, message.event, { handOver: false });
    log.info("webhook.applied", { webhook: message.message, ...outcome, attempts, durationMs: rt.now() - started });
    await countWebhook(rt.state, message.plugin, "applied", rt.now()).catch((err) => log.warn("webhook.stats_failed", { error: errorMessage(err) }));
    return DONE;
  } catch (err) {
    const error = rt.redact(errorMessage(err));
    if (attempts < rt.options.webhookMaxAttempts && !last) {
      const retryAfterSeconds = retryDelay(rt, attempts);
      log.warn("webhook.retrying", { webhook: message.message, attempts, retryAfterSeconds, error });
      return { retryAfterSeconds };
    }
    await deadLetter(rt, message, attempts, error);
    return DONE;
  }
}

/**
 * Keeps an event portside gives up on for replay, and hands it to the plugin's next resync so its
 * effect is not lost even if it is never replayed (or is dropped past MAX_DEAD_LETTERS).
 */
export async function deadLetter(rt: Runtime, message: WebhookMessage, attempts: number, error: string): Promise<void> {
  const log = rt.log.child({ plugin: message.plugin });
  const { kept } = await recordDeadLetter(rt.state, {
    plugin: message.plugin,
    message: message.message,
    ...(message.key !== undefined && { key: message.key }),
    event: message.event,
    acceptedAt: message.acceptedAt,
    failedAt: new Date(rt.now()).toISOString(),
    attempts,
    error,
  });
  if (kept) log.error("webhook.dead_letter", { webhook: message.message, attempts, error });
  else log.error("webhook.dead_letter_dropped", { webhook: message.message, attempts, error, reason: "too many dead letters wait for replay" });
  if (rt.plugins.some((p) => p.plugin.name === message.plugin && p.enabled)) await handWebhookOver(rt, message.plugin);
  await countWebhook(rt.state, message.plugin, "failed", rt.now(), { event: message.message, message: error }).catch((e) =>
    log.warn("webhook.stats_failed", { error: errorMessage(e) }),
  );
}

export interface Replay {
  /** Letters put back on the queue, or applied here without one; each was removed. */
  replayed: number;
  /** Letters left waiting: their send failed (`error` says why). */
  left: number;
  error?: string;
}

/**
 * Puts every dead letter back on the queue with fresh attempts, in batches, removing each batch
 * once sent; a replayed event that fails again becomes a dead letter again. Without a queue (no
 * longer bound) the letters are applied after the response one at a time, each removed once tried.
 */
export async function replayDeadLetters(rt: Runtime, defer: (work: Promise<unknown>) => void): Promise<Replay> {
  const letters = (await Promise.all((await deadLetterIds(rt.state)).map((id) => readDeadLetter(rt.state, id)))).filter(
    (l): l is DeadLetter => l !== null,
  );
  const queue = rt.queue;
  if (!queue) {
    defer(
      (async () => {
        for (const letter of letters) {
          await applyQueuedWebhook(rt, messageOf(rt, letter.plugin, letter, letter.acceptedAt), rt.options.webhookMaxAttempts, true);
          await removeDeadLetter(rt.state, letter.id);
        }
      })().catch((err) => rt.log.error("webhook.replay_failed", { error: errorMessage(err) })),
    );
    return { replayed: letters.length, left: 0 };
  }
  let replayed = 0;
  for (let i = 0; i < letters.length; i += MAX_BATCH_MESSAGES) {
    const batch = letters.slice(i, i + MAX_BATCH_MESSAGES);
    try {
      await queue.sendBatch(batch.map((letter) => messageOf(rt, letter.plugin, letter, letter.acceptedAt)));
    } catch (err) {
      const error = rt.redact(errorMessage(err));
      rt.log.error("webhook.replay_failed", { replayed, left: letters.length - replayed, error });
      return { replayed, left: letters.length - replayed, error };
    }
    for (const letter of batch) await removeDeadLetter(rt.state, letter.id);
    replayed += batch.length;
  }
  return { replayed, left: 0 };
}
