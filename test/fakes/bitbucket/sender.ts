import type { Store, Webhook } from "./model.ts";
import { hubSignature } from "./sign.ts";

/** Event keys a DC webhook may subscribe to (live-validated list, notes §6). */
export const EVENT_KEYS: ReadonlySet<string> = new Set([
  "repo:refs_changed",
  "repo:modified",
  "repo:forked",
  "repo:comment:added",
  "repo:comment:edited",
  "repo:comment:deleted",
  "repo:secret_detected",
  "mirror:repo_synchronized",
  "project:modified",
  "pr:opened",
  "pr:from_ref_updated",
  "pr:modified",
  "pr:merged",
  "pr:declined",
  "pr:deleted",
  "pr:reviewer:updated",
  "pr:reviewer:approved",
  "pr:reviewer:unapproved",
  "pr:reviewer:needs_work",
  "pr:comment:added",
  "pr:comment:edited",
  "pr:comment:deleted",
]);

export type DeliverMode = "send" | "return";

export interface Delivery {
  webhookId?: number;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryResult {
  webhookId?: number;
  url: string;
  status?: number;
  error?: string;
}

type HookTarget = Pick<Webhook, "url" | "configuration" | "credentials"> & { id?: number };

interface Breaker {
  failures: number;
  openUntil: number;
}

const BREAKER_THRESHOLD = 5;
const BREAKER_MIN_MS = 10_000;
const BREAKER_MAX_MS = 10 * 60 * 60 * 1000;

/**
 * Builds and delivers webhook requests like DC: one request per webhook, a fresh X-Request-Id
 * each, a signature only when the hook has a secret, ~10 s timeout, and a circuit breaker that
 * skips a hook after repeated failures.
 */
export class Sender {
  private breakers = new Map<number, Breaker>();
  readonly log: (DeliveryResult & { eventKey: string })[] = [];

  constructor(
    private readonly store: () => Store,
    /** Read per delivery, so the `configure` action can change them. */
    private readonly settings: () => { mode: DeliverMode; timeoutMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Active hooks of the repository and, inherited, of its project that subscribe to `eventKey`. */
  subscribers(projectKey: string, repoId: number | undefined, eventKey: string | undefined): Webhook[] {
    return [...this.store().webhooks.values()].filter(
      (w) =>
        w.active &&
        (eventKey === undefined || w.events.includes(eventKey)) &&
        w.scope.project === projectKey &&
        (w.scope.repoId === undefined || w.scope.repoId === repoId),
    );
  }

  async request(hook: HookTarget, eventKey: string, body: string, sign: boolean): Promise<Delivery> {
    const headers: Record<string, string> = {
      "Content-Type": "application/json; charset=utf-8",
      "X-Event-Key": eventKey,
      "X-Request-Id": crypto.randomUUID(),
    };
    const secret = hook.configuration.secret;
    if (sign && typeof secret === "string" && secret !== "") headers["X-Hub-Signature"] = await hubSignature(secret, body);
    if (hook.credentials?.username !== undefined)
      headers.Authorization = "Basic " + btoa(`${hook.credentials.username}:${hook.credentials.password ?? ""}`);
    return { webhookId: hook.id, url: hook.url, headers, body };
  }

  /** Deliver to the given hooks; returns the unsent requests in "return" mode, outcomes in "send". */
  async deliver(hooks: Webhook[], eventKey: string, payload: unknown, opts: { sign?: boolean; mode?: DeliverMode } = {}) {
    const body = JSON.stringify(payload);
    const deliveries = await Promise.all(hooks.map((h) => this.request(h, eventKey, body, opts.sign ?? true)));
    if ((opts.mode ?? this.settings().mode) === "return") return { deliveries };
    return { deliveries: await Promise.all(deliveries.map((d) => this.send(d, eventKey))) };
  }

  async send(d: Delivery, eventKey: string): Promise<DeliveryResult> {
    const breaker = d.webhookId === undefined ? undefined : this.breakers.get(d.webhookId);
    let result: DeliveryResult;
    if (breaker && breaker.openUntil > this.now()) {
      result = { webhookId: d.webhookId, url: d.url, error: "circuit open" };
    } else {
      try {
        const res = await fetch(d.url, {
          method: "POST",
          headers: d.headers,
          body: d.body,
          signal: AbortSignal.timeout(this.settings().timeoutMs),
        });
        await res.arrayBuffer();
        result = { webhookId: d.webhookId, url: d.url, status: res.status };
      } catch (err) {
        result = { webhookId: d.webhookId, url: d.url, error: (err as Error).name || String(err) };
      }
      this.record(d.webhookId, result.status !== undefined && result.status < 400);
    }
    this.log.push({ ...result, eventKey });
    return result;
  }

  private record(id: number | undefined, ok: boolean) {
    if (id === undefined) return;
    if (ok) return void this.breakers.delete(id);
    const b = this.breakers.get(id) ?? { failures: 0, openUntil: 0 };
    b.failures++;
    if (b.failures >= BREAKER_THRESHOLD) {
      const backoff = Math.min(BREAKER_MAX_MS, BREAKER_MIN_MS * 2 ** (b.failures - BREAKER_THRESHOLD));
      b.openUntil = this.now() + backoff;
    }
    this.breakers.set(id, b);
  }
}
