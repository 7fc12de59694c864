import { errorMessage } from "../log.ts";
import type { Runtime } from "../runtime/context.ts";
import type { TickResult } from "../sync/tick.ts";

/**
 * After a tick that left work only because its budget ran out: start the next one at once, as a
 * queue message (fresh invocation limits), instead of at the next cron. Never past the day's KV
 * write budget, and never after a rate limit or an outage (the tick says so: `more` is false).
 */
export async function continueAfter(rt: Runtime, result: TickResult): Promise<boolean> {
  if (!result.more || !rt.queue) return false;
  if (result.writesToday === undefined) {
    rt.log.info("tick.not_continued", { reason: "the KV lease does not count the day's writes: bind the LEASE Durable Object" });
    return false;
  }
  const next = result.report?.stateWrites ?? 0;
  if (result.writesToday + next > rt.options.kvWritesPerDay) {
    rt.log.warn("tick.not_continued", {
      reason: `${result.writesToday} state writes today; another tick would pass KV_WRITES_PER_DAY (${rt.options.kvWritesPerDay}): the cron continues`,
    });
    return false;
  }
  try {
    await rt.queue.send({ type: "tick", instance: rt.options.instance, reason: "continuation" });
    rt.log.info("tick.continued", { writesToday: result.writesToday });
    return true;
  } catch (err) {
    // The cron picks the work up; a failed send costs time, nothing else.
    rt.log.error("tick.not_continued", { reason: `the queue refused the message: ${errorMessage(err)}` });
    return false;
  }
}
