/**
 * Webhook deliveries as Harbor's notifier and jobservice make them
 * (`src/pkg/notifier/formats/{default,cloudevents}.go`, `webhook_job.go`): one POST per enabled
 * policy × subscribed event type × http target, compact JSON, the policy's `auth_header` sent
 * verbatim as `Authorization`, no signature; retried on non-2xx or transport errors.
 */
import { summaryOf } from "./render.ts";
import type { Project, ScanReport, Store } from "./store.ts";

export interface HarborEvent {
  type: "PUSH_ARTIFACT" | "PULL_ARTIFACT" | "DELETE_ARTIFACT" | "SCANNING_COMPLETED" | "SCANNING_FAILED" | "SCANNING_STOPPED";
  occurAt: number;
  operator: string;
  project: Project;
  repoFullName: string;
  digest: string;
  /** The tag or digest the event names; undefined only for scans of untagged artifacts. */
  reference?: string;
  scan?: ScanReport;
  requestId: string;
}

export interface SendOptions {
  /** "send" POSTs to each target (default); "return" only hands the requests back. */
  deliver?: "send" | "return";
  /** Fire every event this many extra times (true = once more), as re-pushes and replication do. */
  duplicate?: boolean | number;
  /** Deliver in a random (seeded) order: Harbor guarantees none. */
  shuffle?: boolean;
  seed?: number;
  omitTag?: boolean;
  omitDateCreated?: boolean;
  /** A scheduled scan-all has no scan type: no `scan_overview`, `scan: {}`. */
  omitScanOverview?: boolean;
  timeoutMs?: number;
  maxRetries?: number;
  retryDelayMs?: number;
}

export interface Delivery {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryResult extends Delivery {
  delivered: boolean;
  attempts: { status?: number; error?: string }[];
}

const CLOUD_EVENT_TYPES: Record<string, string> = {
  PUSH_ARTIFACT: "harbor.artifact.pushed",
  PULL_ARTIFACT: "harbor.artifact.pulled",
  DELETE_ARTIFACT: "harbor.artifact.deleted",
  SCANNING_COMPLETED: "harbor.scan.completed",
  SCANNING_FAILED: "harbor.scan.failed",
  SCANNING_STOPPED: "harbor.scan.stopped",
  QUOTA_EXCEED: "harbor.quota.exceeded",
  QUOTA_WARNING: "harbor.quota.warned",
  REPLICATION: "harbor.replication.status.changed",
  TAG_RETENTION: "harbor.tag_retention.finished",
};

const isScan = (type: string) => type.startsWith("SCANNING_");

/** BuildImageResourceURL: `@` for a digest reference, `:` for a tag. */
function resourceUrl(host: string, repo: string, reference: string): string {
  return `${host}/${repo}${reference.startsWith("sha256:") ? "@" : ":"}${reference}`;
}

/** The Default payload's `event_data`, which is also CloudEvents' `data`. */
function eventData(store: Store, host: string, e: HarborEvent, o: SendOptions) {
  const resource: Record<string, unknown> = { digest: e.digest };
  if (e.reference !== undefined && !o.omitTag) resource.tag = e.reference;
  resource.resource_url = resourceUrl(host, e.repoFullName, e.reference ?? e.digest);
  if (isScan(e.type) && e.scan && !o.omitScanOverview) {
    resource.scan_overview = Object.fromEntries(
      [...e.scan.mimeTypes].sort().map((m) => [m, summaryOf(e.scan!, (iso) => iso)]),
    );
  }
  const repository: Record<string, unknown> = {};
  const repo = store.reposByName.get(e.repoFullName);
  // Only the artifact handler sets date_created, and only while the repository exists.
  if (!isScan(e.type) && repo && !o.omitDateCreated) repository.date_created = Math.floor(repo.creationTime / 1000);
  Object.assign(repository, {
    name: e.repoFullName.slice(e.project.name.length + 1),
    namespace: e.project.name,
    repo_full_name: e.repoFullName,
    repo_type: e.project.public ? "public" : "private",
  });
  const data: Record<string, unknown> = { resources: [resource], repository };
  if (isScan(e.type)) data.scan = o.omitScanOverview ? {} : { scan_type: "vulnerability" };
  return data;
}

/** RFC 3339 in whole seconds, as CloudEvents' `time` is built from `occur_at`. */
function wholeSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function deliveriesFor(store: Store, host: string, events: HarborEvent[], o: SendOptions): Delivery[] {
  const out: Delivery[] = [];
  const copies = o.duplicate === true ? 2 : 1 + (typeof o.duplicate === "number" ? o.duplicate : 0);
  for (const e of events) {
    for (let copy = 0; copy < copies; copy++) {
      for (const policy of e.project.policies) {
        if (!policy.enabled) continue;
        for (const subscribed of policy.eventTypes) {
          if (subscribed !== e.type) continue;
          for (const target of policy.targets) {
            if (target.type !== "http") continue;
            const data = eventData(store, host, e, o);
            const cloud = target.payload_format === "CloudEvents";
            const body = cloud
              ? {
                  specversion: "1.0",
                  id: crypto.randomUUID(),
                  source: `/projects/${e.project.id}/webhook/policies/${policy.id}`,
                  type: CLOUD_EVENT_TYPES[e.type],
                  datacontenttype: "application/json",
                  time: wholeSeconds(e.occurAt),
                  data,
                  requestid: e.requestId,
                  operator: e.operator,
                }
              : { type: e.type, occur_at: Math.floor(e.occurAt / 1000), operator: e.operator, event_data: data };
            const headers: Record<string, string> = {
              "content-type": cloud ? "application/cloudevents+json" : "application/json",
              "user-agent": "Go-http-client/1.1",
              "accept-encoding": "gzip",
            };
            if (target.auth_header) headers.authorization = target.auth_header;
            out.push({ url: target.address, method: "POST", headers, body: JSON.stringify(body) });
          }
        }
      }
    }
  }
  return o.shuffle ? shuffled(out, o.seed ?? 1) : out;
}

function shuffled<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** One webhook job: the first try plus up to `maxRetries` retries, each bounded by the timeout. */
export async function send(d: Delivery, o: SendOptions): Promise<DeliveryResult> {
  const attempts: DeliveryResult["attempts"] = [];
  const tries = 1 + (o.maxRetries ?? 3);
  for (let i = 0; i < tries; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, o.retryDelayMs ?? 50));
    try {
      const res = await fetch(d.url, { method: "POST", headers: d.headers, body: d.body, signal: AbortSignal.timeout(o.timeoutMs ?? 3000) });
      await res.arrayBuffer();
      attempts.push({ status: res.status });
      if (res.status >= 200 && res.status < 300) return { ...d, delivered: true, attempts };
    } catch (err) {
      attempts.push({ error: (err as Error).message });
    }
  }
  return { ...d, delivered: false, attempts };
}

export async function dispatch(store: Store, host: string, events: HarborEvent[], o: SendOptions) {
  const deliveries = deliveriesFor(store, host, events, o);
  if (o.deliver === "return") return { deliveries };
  const results: DeliveryResult[] = [];
  for (const d of deliveries) results.push(await send(d, o));
  return { deliveries: results };
}
