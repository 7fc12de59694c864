import * as v from "valibot";
import { urlSetting } from "../../src/config/settings.ts";
import { defineKind, definePlugin, NoSelector, type ListArgs } from "../../src/plugin.ts";

/** The largest page the fake source serves, and what production plugins ask for. */
const PAGE_SIZE = 100;

const PageSchema = v.object({ items: v.array(v.unknown()), next: v.nullable(v.string()) });

/**
 * Bench-only source plugin: one kind read from the fake "source" server in pages of 100, one
 * entity per item, no relations, so every request the engine makes is a listing, a bulk upsert
 * or a reconciliation call whose count the bench can predict.
 */
export const resyncBenchPlugin = definePlugin({
  name: "bench",
  datasource: "exporter",
  settings: {
    url: { env: "BENCH_SOURCE_URL", required: true, description: "base URL of the fake source", schema: urlSetting },
  },
  kinds: {
    service: defineKind({
      selector: NoSelector,
      cursor: v.string(),
      async list({ settings, http, kind, cursor }: ListArgs<{ url: string }, unknown, string>) {
        const client = http({ baseURL: settings.url });
        const res = await client.request<unknown>(`/items/${kind}`, { query: { cursor: cursor ?? "0", limit: PAGE_SIZE } });
        const page = v.parse(PageSchema, res.data);
        return { items: page.items, next: page.next };
      },
    }),
  },
  pageSize: PAGE_SIZE,
  defaults: {
    portAppConfigFile: "bench/resync/plugin.ts",
    portAppConfig: `
resources:
  - kind: service
    selector:
      query: "true"
    port:
      entity:
        mappings:
          identifier: .id
          title: .name
          blueprint: '"benchService"'
          properties:
            language: .lang
            stars: .stars
`,
    blueprints: [
      {
        identifier: "benchService",
        title: "Bench service",
        schema: { properties: { language: { type: "string" }, stars: { type: "number" } }, required: [] },
        relations: {},
      },
    ],
  },
});
