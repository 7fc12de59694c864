import { errorMessage } from "../log.ts";
import type { Json, WebhookDecision } from "../plugin.ts";
import type { LoadedPlugin, Runtime } from "../runtime/context.ts";
import { applyWebhookChanges, type WebhookOutcome } from "../sync/webhook.ts";
import { countWebhook } from "../sync/webhook-stats.ts";
import { readDeadLetters, recordDeadLetter, removeDeadLetters } from "./dead-letters.ts";
import { MAX_MESSAGE_BYTES, type WebhookMessage } from "./messages.ts";

type Accepted = Extract<WebhookDecision, { action: "apply" }>;

/** Applies an accepted event with the plugin's handler, through the one place that writes. */
export function applyEvent(rt: Runtime, loaded: LoadedPlugin, event: Json): Promise<WebhookOutcome> {
  const handler = loaded.plugin.webhook;
  if (!handler) return Promise.reject(new Error(`plugin ${loaded.plugin.name} has no webhook handler`));
  return applyWebhookChanges(rt, loaded, (ctx) => handler.apply(event, ctx));
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
 * the queue; after the last attempt the event becomes a dead letter, so nothing accepted is lost.
 */
export async function applyQueuedWebhook(rt: Runtime, message: WebhookMessage, attempts: number): Promise<Verdict> {
  const log = rt.log.child({ plugin: message.plugin });
  const loaded = rt.plugins.find((p) => p.plugin.name === message.plugin);
  const started = rt.now();
  try {
    if (!loaded?.enabled) throw new Error(`plugin ${message.plugin} is not configured`);
    const outcome = await applyEvent(rt, loaded, message.event);
    log.info("webhook.applied", { webhook: message.message, ...outcome, attempts, durationMs: rt.now() - started });
    await countWebhook(rt.state, message.plugin, "applied", rt.now()).catch((err) => log.warn("webhook.stats_failed", { error: errorMessage(err) }));
    return DONE;
  } catch (err) {
    const error = rt.redact(errorMessage(err));
    if (attempts < rt.options.webhookMaxAttempts) {
      const retryAfterSeconds = retryDelay(rt, attempts);
      log.warn("webhook.retrying", { webhook: message.message, attempts, retryAfterSeconds, error });
      return { retryAfterSeconds };
    }
    log.error("webhook.dead_letter", { webhook: message.message, attempts, error });
    await recordDeadLetter(rt.state, {
      id: crypto.randomUUID(),
      plugin: message.plugin,
      message: message.message,
      ...(message.key !== undefined && { key: message.key }),
      event: message.event,
      acceptedAt: message.acceptedAt,
      failedAt: new Date(rt.now()).toISOString(),
      attempts,
      error,
    });
    await countWebhook(rt.state, message.plugin, "failed", rt.now(), { event: message.message, message: error }).catch((e) =>
      log.warn("webhook.stats_failed", { error: errorMessage(e) }),
    );
    return DONE;
  }
}

/**
 * Puts every dead letter back on the queue with fresh attempts (or, if no queue is bound any more,
 * applies them here); returns how many. A replayed event that fails again becomes a dead letter again.
 */
export async function replayDeadLetters(rt: Runtime, defer: (work: Promise<unknown>) => void): Promise<number> {
  const { events } = await readDeadLetters(rt.state);
  const replayed = new Set<string>();
  for (const letter of events) {
    const message = messageOf(rt, letter.plugin, letter, letter.acceptedAt);
    if (rt.queue) {
      await rt.queue.send(message);
    } else {
      defer(applyQueuedWebhook(rt, message, rt.options.webhookMaxAttempts));
    }
    replayed.add(letter.id);
  }
  if (replayed.size > 0) await removeDeadLetters(rt.state, replayed);
  return replayed.size;
}
