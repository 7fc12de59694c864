import * as v from "valibot";
import type { Json } from "../plugin.ts";

/**
 * What portside puts on the platform's queue (Cloudflare Queues, Deno KV's queue). Plain JSON,
 * never a secret: a message may wait up to the queue's retention and is applied by another
 * invocation, maybe of a newer release, so it is validated again when it comes back.
 */
const Instance = v.string();

export const TickMessage = v.object({
  type: v.literal("tick"),
  instance: Instance,
  /** "continuation": the last tick left work; "resync": an admin asked for a cycle. */
  reason: v.picklist(["continuation", "resync"]),
});

export const WebhookMessage = v.object({
  type: v.literal("webhook"),
  instance: Instance,
  plugin: v.string(),
  /** How the event reads in logs and /status, e.g. "PUSH_ARTIFACT web@4f2a…". */
  message: v.string(),
  key: v.optional(v.string()),
  event: v.custom<Json>(() => true),
  acceptedAt: v.string(),
  /** Deliveries so far, for queues that do not count them (Deno KV's). */
  attempt: v.optional(v.number()),
});

export const QueueMessage = v.variant("type", [TickMessage, WebhookMessage]);

export type TickMessage = v.InferOutput<typeof TickMessage>;
export type WebhookMessage = v.InferOutput<typeof WebhookMessage>;
export type QueueMessage = v.InferOutput<typeof QueueMessage>;

/** The platform's queue as portside uses it: at-least-once, with a delivery delay. */
export interface WorkQueue {
  send(message: QueueMessage, options?: { delaySeconds?: number }): Promise<void>;
  /** Sends up to MAX_BATCH_MESSAGES messages; all or none of them are queued. */
  sendBatch(messages: QueueMessage[]): Promise<void>;
}

/** Cloudflare Queues' sendBatch takes at most 100 messages. */
export const MAX_BATCH_MESSAGES = 100;

/** Cloudflare Queues refuses messages over 128 KB; an event this large is applied at once instead. */
export const MAX_MESSAGE_BYTES = 120_000;
