import * as v from "valibot";
import { text, urlSetting } from "../../../src/config/settings.ts";
import { defineKind, definePlugin, NoSelector, type Json, type ListArgs } from "../../../src/plugin.ts";
import { secureEqual } from "../../../src/runtime/secure-compare.ts";
import { sampleBlueprints } from "./blueprints.ts";
import { samplePortAppConfig } from "./port-app-config.ts";

const PageSchema = v.object({ items: v.array(v.unknown()), next: v.nullable(v.string()) });
const WebhookSchema = v.object({
  kind: v.string(),
  upsert: v.optional(v.array(v.string()), []),
  delete: v.optional(v.array(v.unknown()), []),
});

interface SampleSettings {
  url: string;
  token?: string;
}

/** Both kinds are read alike: GET /items/<kind>, resumed at the cursor the source returned. */
const sampleKind = defineKind({
  selector: NoSelector,
  cursor: v.string(),
  async list({ settings, http, kind, cursor }: ListArgs<SampleSettings, unknown, string>) {
    const client = http({
      baseURL: settings.url,
      headers: settings.token ? { authorization: `Bearer ${settings.token}` } : {},
    });
    const res = await client.request<unknown>(`/items/${kind}`, { query: { cursor: cursor ?? "0", limit: 50 } });
    const page = v.parse(PageSchema, res.data);
    return { items: page.items, next: page.next };
  },
});

/**
 * A tiny source plugin that exists only to exercise the plugin interface end to end: it lists
 * items from the fake "source" server and accepts a webhook naming items to re-read or delete.
 */
export const samplePlugin = definePlugin({
  name: "sample",
  datasource: "exporter",
  settings: {
    url: { env: "SAMPLE_URL", required: true, description: "base URL of the sample source", schema: urlSetting },
    token: { env: "SAMPLE_TOKEN", secret: true, description: "bearer token of the sample source", schema: text },
    webhookSecret: { env: "SAMPLE_WEBHOOK_SECRET", secret: true, description: "webhook secret", schema: text },
  },
  kinds: { team: sampleKind, service: sampleKind },
  pageSize: 50,
  defaults: { portAppConfig: samplePortAppConfig, portAppConfigFile: "test/support/sample/port-app-config.ts", blueprints: sampleBlueprints },
  webhook: {
    secretSetting: "webhookSecret",
    async accept(request, body, settings) {
      if (!settings.webhookSecret) return { action: "reject", status: 503, message: "SAMPLE_WEBHOOK_SECRET is not set" };
      if (!(await secureEqual(request.headers.get("x-sample-secret") ?? "", settings.webhookSecret)))
        return { action: "reject", status: 401, message: "wrong or missing X-Sample-Secret" };
      let parsed;
      try {
        parsed = v.parse(WebhookSchema, JSON.parse(body));
      } catch (err) {
        return { action: "reject", status: 400, message: `malformed body: ${(err as Error).message}` };
      }
      const { kind, upsert, delete: deletes } = parsed;
      return { action: "apply", message: `${kind}: ${upsert.length} upserts, ${deletes.length} deletes`, event: parsed as Json };
    },
    async apply(event, { http, settings }) {
      const { kind, upsert, delete: deletes } = v.parse(WebhookSchema, event);
      const client = http({ baseURL: settings.url, headers: settings.token ? { authorization: `Bearer ${settings.token}` } : {} });
      const res = await client.request<unknown>(`/items/${kind}`, { query: { cursor: "0", limit: 100 } });
      const items = v.parse(PageSchema, res.data).items as { id?: string; slug?: string }[];
      const wanted = items.filter((i) => upsert.includes(String(i.id ?? i.slug)));
      return { upserts: [{ kind, items: wanted }], deletes: [{ kind, items: deletes }] };
    },
  },
});
