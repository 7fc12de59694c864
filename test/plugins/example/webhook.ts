import * as v from "valibot";
import type { RawChanges, WebhookContext, WebhookDecision, WebhookHandler } from "../../../src/plugin.ts";
import { secureEqual } from "../../../src/runtime/secure-compare.ts";
import { exampleKinds, serviceAdmitted, type ExampleKinds } from "./kinds.ts";
import type { ExampleSettings } from "./settings.ts";

const EventSchema = v.object({ event: v.picklist(["service.changed"]), id: v.pipe(v.string(), v.minLength(1)) });

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/** `sha256=<hex HMAC-SHA256 of the raw body>`, keyed with the webhook secret. */
export async function signature(secret: string, raw: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return `sha256=${hex(await crypto.subtle.sign("HMAC", key, raw))}`;
}

/** Whatever changed, read the service back: present and admitted means upsert, gone or filtered out means delete. */
async function applyChanged(ctx: WebhookContext<ExampleSettings, ExampleKinds>, id: string): Promise<RawChanges> {
  const current = (await exampleKinds.service.read(ctx, { id })) as { language?: unknown } | undefined;
  const filters = ctx.selectors("service");
  if (current !== undefined && filters.some((f) => serviceAdmitted(f, current))) {
    return { upserts: [{ kind: "service", items: [current] }], deletes: [] };
  }
  return { upserts: [], deletes: [{ kind: "service", items: [current ?? { id }] }] };
}

const reject = (status: 400 | 401, message: string): WebhookDecision => ({ action: "reject", status, message });

export const exampleWebhook: WebhookHandler<ExampleSettings> = {
  secretSetting: "webhookSecret",
  async accept(request, body, settings, raw) {
    if (!settings.webhookSecret) return reject(401, "EXAMPLE_WEBHOOK_SECRET is not set, so deliveries are refused");
    const given = request.headers.get("x-example-signature");
    if (!given) return reject(401, "X-Example-Signature is missing");
    if (!(await secureEqual(given, await signature(settings.webhookSecret, raw)))) return reject(401, "X-Example-Signature does not match EXAMPLE_WEBHOOK_SECRET");
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      return reject(400, "the body is not JSON");
    }
    const parsed = v.safeParse(EventSchema, data);
    if (!parsed.success) return reject(400, `not an event: ${parsed.issues[0].message}`);
    const { id } = parsed.output;
    return { action: "apply", message: `service ${id} changed`, key: `service:${id}`, event: { id } };
  },
  apply: (event, ctx) => applyChanged(ctx, v.parse(EventSchema.entries.id, (event as { id?: unknown }).id)),
};
