import * as v from "valibot";
import { positiveInt, text, urlSetting, type SettingsSpec } from "./settings.ts";

/** Settings of the core; each plugin declares its own beside it. */
export const coreSettings = {
  portClientId: {
    env: "PORT_CLIENT_ID",
    aliases: ["OCEAN__PORT__CLIENT_ID"],
    required: true,
    secret: true,
    description: "Port client id (Port → Settings → Credentials); without it portside writes to a local catalog",
    schema: text,
  },
  portClientSecret: {
    env: "PORT_CLIENT_SECRET",
    aliases: ["OCEAN__PORT__CLIENT_SECRET"],
    required: true,
    secret: true,
    description: "Port client secret",
    schema: text,
  },
  portApiUrl: {
    env: "PORT_API_URL",
    aliases: ["OCEAN__PORT__BASE_URL"],
    default: "https://api.getport.io/v1",
    description: "Port API base URL; https://api.us.getport.io/v1 for the US region",
    schema: v.pipe(urlSetting, v.transform((u) => (u.endsWith("/v1") ? u : `${u}/v1`))),
  },
} satisfies SettingsSpec;

export const runtimeSettings = {
  adminToken: {
    env: "ADMIN_TOKEN",
    secret: true,
    description: "Bearer token required by /status, / and /admin/*; unset leaves /status open and /admin closed",
    schema: text,
  },
  instance: {
    env: "PORTSIDE_INSTANCE",
    default: "default",
    description: "Name of this deployment; prefixes its state keys and marks the entities it owns in Port",
    schema: v.pipe(text, v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be lowercase letters, digits and dashes")),
  },
  integrationIdentifier: {
    env: "PORT_INTEGRATION_IDENTIFIER",
    aliases: ["OCEAN__INTEGRATION__IDENTIFIER"],
    description: "Port integration record holding the mapping (editable in Port's UI) and showing resync state",
    schema: v.pipe(text, v.regex(/^[A-Za-z0-9@_.+:\/=-]+$/, "must be a valid Port identifier")),
  },
  subrequestBudget: {
    env: "RESYNC_SUBREQUEST_BUDGET",
    default: "45",
    description: "Outbound requests one tick may make (free plan: 50; paid: up to 10,000)",
    schema: positiveInt(5, { value: 10_000, why: "the most one invocation may make on Workers Paid" }),
  },
  timeBudgetMs: {
    env: "RESYNC_TIME_BUDGET_MS",
    default: "25000",
    description: "Wall-clock milliseconds one tick spends on resync pages before saving its cursor",
    schema: positiveInt(100, { value: 900_000, why: "a cron invocation ends after 15 minutes" }),
  },
  cpuBudgetMs: {
    env: "RESYNC_CPU_BUDGET_MS",
    // The free plan's limit, which the Workers defaults are sized for (RESYNC_SUBREQUEST_BUDGET 45):
    // pages are sized so that one fits it, and a tick starts another only while the estimate
    // leaves room for it.
    default: "10",
    description: "Estimated CPU milliseconds one tick spends before saving its cursor; 0 turns the estimate off",
    schema: positiveInt(0, { value: 900_000, why: "a cron invocation ends after 15 minutes" }),
  },
  intervalMinutes: {
    env: "RESYNC_INTERVAL_MINUTES",
    default: "60",
    // 0: the next tick starts the next cycle, what a user trying out a mapping wants.
    description: "Minutes between the end of one resync cycle and the start of the next; 0 starts it at the next tick",
    schema: positiveInt(0),
  },
  kvWritesPerDay: {
    env: "KV_WRITES_PER_DAY",
    // Free KV allows 1,000 writes a day. Cron ticks run whatever this says, and the day's later
    // ones (up to 288 × 2 = 576 writes) come on top of what continuations stopped at: 300 + 576
    // stays under 1,000, with room for webhook counts, dead letters and admin requests.
    default: "300",
    description: "State writes a UTC day after which a tick that left work waits for the cron instead of continuing on the queue",
    schema: positiveInt(0),
  },
  webhookMaxAttempts: {
    env: "WEBHOOK_MAX_ATTEMPTS",
    default: "6",
    description: "Times a queued webhook is tried before it becomes a dead letter; the queue consumer's max_retries must be at least this minus one",
    schema: positiveInt(1, { value: 100, why: "Cloudflare Queues retry a message at most 100 times" }),
  },
  webhookRetryDelaySeconds: {
    env: "WEBHOOK_RETRY_DELAY_SECONDS",
    default: "30",
    description: "Delay before a queued webhook's first retry; it doubles with each attempt, up to 12 hours",
    schema: positiveInt(0, { value: 43_200, why: "Cloudflare Queues delay a message at most 12 hours" }),
  },
  concurrency: {
    env: "RESYNC_CONCURRENCY",
    default: "5",
    description:
      "Bulk requests to Port one tick keeps in flight at once; above 1, a tick also lists and prepares the next pages while it writes the current one",
    schema: positiveInt(1, { value: 6, why: "Workers keep at most six connections open per invocation" }),
  },
  portRateLimitShare: {
    env: "PORT_RATE_LIMIT_SHARE",
    default: "50",
    description: "Percent of Port's rate limit portside may use; it pauses before eating into the rest, which stays for other Port clients",
    schema: positiveInt(1, { value: 100, why: "a percentage of Port's limit" }),
  },
} satisfies SettingsSpec;
