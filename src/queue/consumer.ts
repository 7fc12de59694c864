import * as v from "valibot";
import { errorMessage } from "../log.ts";
import type { Runtime } from "../runtime/context.ts";
import { STALE_STATE } from "../sync/lease.ts";
import { runTick } from "../sync/tick.ts";
import { continueAfter } from "./continuation.ts";
import { QueueMessage } from "./messages.ts";
import { applyQueuedWebhook, deadLetter, type Verdict } from "./webhooks.ts";

/** How long a tick refused for state not yet visible waits: KV converges within about a minute. */
const STALE_RETRY_SECONDS = 15;

/**
 * One queue message, whichever platform delivered it; `attempts` counts this delivery. The verdict
 * says whether the queue should deliver it again, and when.
 */
export async function consume(rt: Runtime, body: unknown, attempts: number): Promise<Verdict> {
  const parsed = v.safeParse(QueueMessage, body);
  if (!parsed.success) {
    rt.log.error("queue.malformed", { error: `${v.getDotPath(parsed.issues[0]) ?? "message"}: ${parsed.issues[0].message}` });
    return { done: true };
  }
  const message = parsed.output;
  if (message.instance !== rt.options.instance) {
    const reason = `a message of deployment "${message.instance}" reached "${rt.options.instance}": give each deployment its own queue`;
    rt.log.error("queue.foreign", { reason });
    // An accepted event is never lost: kept here, it can be replayed once the queues are sorted out.
    if (message.type === "webhook") await deadLetter(rt, message, attempts, reason);
    return { done: true };
  }
  if (message.type === "webhook") return applyQueuedWebhook(rt, message, attempts);
  try {
    const result = await runTick(rt);
    if (!result.ran && result.reason === STALE_STATE) return { retryAfterSeconds: STALE_RETRY_SECONDS };
    await continueAfter(rt, result);
  } catch (err) {
    // The cron resumes from the saved cursor; redelivering would only repeat the failure.
    rt.log.error("tick.failed", { trigger: message.reason, error: errorMessage(err) });
  }
  return { done: true };
}
