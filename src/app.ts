import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Env } from "./config/settings.ts";
import { errorMessage } from "./log.ts";
import type { AnyPlugin } from "./plugin.ts";
import { createRuntime, type Runtime, type RuntimeDeps } from "./runtime/context.ts";
import { secureEqual } from "./runtime/secure-compare.ts";
import { createLocalCatalog } from "./catalog/local.ts";
import { buildStatus } from "./status.ts";
import { syncKeys } from "./sync/state.ts";
import { runTick } from "./sync/tick.ts";
import { statusPage } from "./ui/status-page.tsx";
import { continueAfter } from "./queue/continuation.ts";
import { applyEvent, enqueueWebhook, replayDeadLetters } from "./queue/webhooks.ts";
import { countWebhook } from "./sync/webhook-stats.ts";
import { takeOff } from "./sync/in-flight.ts";
import { VERSION } from "./version.ts";

/** Runs work after the response: Workers' ctx.waitUntil, or a plain promise elsewhere. */
export type Defer = (work: Promise<unknown>) => void;

type AppEnv = { Bindings: Env; Variables: { rt: Runtime } };

const WEBHOOK_BODY_LIMIT = 1024 * 1024;

function deferOf(c: Context): Defer {
  try {
    // Hono's getter throws outside Workers (Node, plain Deno.serve): then the promise just runs.
    const ctx = c.executionCtx;
    return (work) => ctx.waitUntil(work);
  } catch {
    return (work) => void work;
  }
}

/** The admin token as a Bearer token, or as the password of HTTP Basic (what a browser can send). */
async function presentsToken(header: string, token: string): Promise<boolean> {
  if (header.startsWith("Basic ")) {
    let decoded = "";
    try {
      decoded = atob(header.slice(6).trim());
    } catch {
      return false;
    }
    return secureEqual(decoded.slice(decoded.indexOf(":") + 1), token);
  }
  return secureEqual(header, `Bearer ${token}`);
}

async function authorized(c: Context<AppEnv>, required: boolean, browser = false): Promise<Response | null> {
  const token = c.var.rt.options.adminToken;
  if (!token) {
    return required
      ? c.json({ ok: false, error: "ADMIN_TOKEN is not set: set it (wrangler secret put ADMIN_TOKEN) to use this route" }, 403)
      : null;
  }
  if (await presentsToken(c.req.header("authorization") ?? "", token)) return null;
  // The status page asks the browser for the token (any user name, the token as password).
  if (browser) c.header("WWW-Authenticate", 'Basic realm="portside", charset="UTF-8"');
  return c.json({ ok: false, error: "missing or wrong Authorization: Bearer <ADMIN_TOKEN>" }, 401);
}

/** The one app every runtime serves; adapters only provide storage, clock and scheduling. */
export function createApp(plugins: readonly AnyPlugin[], deps: RuntimeDeps) {
  const app = new Hono<AppEnv>();
  const find = (rt: Runtime, name: string) => rt.plugins.find((p) => p.plugin.name === name);
  // Extra paths a plugin's webhook answers (an incumbent's documented one), to the plugin's name.
  const webhookPaths = new Map(plugins.flatMap((p) => (p.webhook?.paths ?? []).map((path) => [path, p.name] as const)));

  app.use(async (c, next) => {
    c.set("rt", createRuntime(c.env ?? {}, plugins, deps));
    await next();
  });

  app.get("/health", (c) => c.json({ ok: true, version: VERSION }));

  app.get("/status", async (c) => (await authorized(c, false)) ?? c.json(await buildStatus(c.var.rt)));
  app.get("/", async (c) => (await authorized(c, false, true)) ?? c.html(statusPage(await buildStatus(c.var.rt), c.var.rt.now())));

  app.get("/catalog", async (c) => {
    const denied = await authorized(c, false);
    if (denied) return denied;
    const rt = c.var.rt;
    if (rt.port.status !== "absent") {
      return c.json({ ok: false, error: "the local catalog is used only while PORT_CLIENT_ID and PORT_CLIENT_SECRET are unset" }, 409);
    }
    return c.json(await createLocalCatalog(rt.state, rt.now).read());
  });

  app.post("/admin/resync/:plugin", async (c) => {
    const denied = await authorized(c, true);
    if (denied) return denied;
    const rt = c.var.rt;
    const loaded = find(rt, c.req.param("plugin"));
    if (!loaded) return c.json({ ok: false, error: `no plugin named "${c.req.param("plugin")}"` }, 404);
    if (!loaded.enabled) return c.json({ ok: false, error: `plugin ${loaded.plugin.name} is not configured` }, 409);
    const requestedAt = new Date(rt.now()).toISOString();
    await rt.state.set(syncKeys.request(loaded.plugin.name), requestedAt);
    // On the queue the cycle runs with a consumer's limits and continues there; waitUntil ends 30 s after the response.
    const queued = await (rt.queue?.send({ type: "tick", instance: rt.options.instance, reason: "resync" }).then(
      () => true,
      (err) => rt.log.error("resync.not_queued", { error: errorMessage(err) }),
    ) ?? false);
    if (!queued) deferOf(c)(runTick(rt).then((result) => continueAfter(rt, result)).catch((err) => rt.log.error("tick.failed", { error: errorMessage(err) })));
    return c.json({ ok: true, plugin: loaded.plugin.name, requestedAt }, 202);
  });

  app.post("/admin/webhooks/replay", async (c) => {
    const denied = await authorized(c, true);
    if (denied) return denied;
    const replay = await replayDeadLetters(c.var.rt, deferOf(c));
    // A failed send leaves its letters waiting: the admin sees how many and replays again.
    return replay.error ? c.json({ ok: false, ...replay }, 502) : c.json({ ok: true, ...replay }, 202);
  });

  app.on("POST", ["/webhooks/:plugin", ...webhookPaths.keys()], bodyLimit({ maxSize: WEBHOOK_BODY_LIMIT, onError: (c) => c.json({ ok: false, error: "body larger than 1 MiB" }, 413) }), async (c) => {
    const rt = c.var.rt;
    const name = c.req.param("plugin") ?? webhookPaths.get(c.req.path)!;
    const loaded = find(rt, name);
    if (!loaded?.plugin.webhook) return c.json({ ok: false, error: `no webhook handler for "${name}"` }, 404);
    if (!loaded.enabled) return c.json({ ok: false, error: `plugin ${name} is not configured` }, 503);
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const body = new TextDecoder().decode(raw);
    const settings = loaded.settings.status === "ok" ? loaded.settings.value : {};
    const decision = await loaded.plugin.webhook.accept(c.req.raw, body, settings, raw);
    const log = rt.log.child({ plugin: name });
    const count = (outcome: Parameters<typeof countWebhook>[2], failure?: { event: string; message: string }) =>
      countWebhook(rt.state, name, outcome, rt.now(), failure).catch((err) =>
        log.warn("webhook.stats_failed", { error: errorMessage(err) }),
      );
    if (decision.action === "reject") {
      log.warn("webhook.rejected", { status: decision.status, reason: decision.message });
      deferOf(c)(count("rejected"));
      return c.json({ ok: false, error: decision.message }, decision.status);
    }
    if (decision.action === "ignore") {
      log.info("webhook.ignored", { reason: decision.message });
      deferOf(c)(count("ignored"));
      return c.json({ ok: true, ignored: decision.message }, 200);
    }
    // On the queue the event outlives this invocation, and the consumer retries it through an outage.
    if (await enqueueWebhook(rt, name, decision)) {
      log.info("webhook.queued", { webhook: decision.message });
      return c.json({ ok: true, accepted: decision.message }, 202);
    }
    const flight = takeOff(rt.options.instance, name, decision.key);
    if (!flight.first) {
      log.info("webhook.coalesced", { webhook: decision.message });
      deferOf(c)(count("ignored"));
      return c.json({ ok: true, accepted: decision.message, coalesced: "an identical event is being applied" }, 202);
    }
    const started = rt.now();
    deferOf(c)(
      applyEvent(rt, loaded, decision.event)
        .then(async (outcome) => {
          log.info("webhook.applied", { webhook: decision.message, ...outcome, durationMs: rt.now() - started });
          await count("applied");
        })
        .catch(async (err) => {
          // The next resync cycle repairs what this event missed; the failure stays visible meanwhile.
          log.error("webhook.failed", { webhook: decision.message, error: errorMessage(err) });
          await count("failed", { event: decision.message, message: rt.redact(errorMessage(err)) });
        })
        .finally(() => flight.land()),
    );
    return c.json({ ok: true, accepted: decision.message }, 202);
  });

  app.notFound((c) => c.json({ ok: false, error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    c.var.rt?.log.error("request.failed", { path: c.req.path, error: errorMessage(err) });
    return c.json({ ok: false, error: "internal error; see the log" }, 500);
  });
  return app;
}
