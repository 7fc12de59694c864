import * as v from "valibot";
import { defineKind, NoSelector, type ListArgs, type Page, type PluginContext } from "../../../src/plugin.ts";
import { exampleClient } from "./client.ts";
import type { ExampleSettings } from "./settings.ts";

/** The API's next page number: where a kind's listing resumes. */
const PageCursor = v.object({ page: v.pipe(v.number(), v.integer(), v.minValue(1)) });
type PageCursor = v.InferOutput<typeof PageCursor>;

/** The service kind's own filter, passed to the API; `query` is the engine's. */
export const ServiceSelector = v.looseObject({
  language: v.optional(v.pipe(v.string("must be a language name such as go"), v.minLength(1, "must not be empty"))),
});
export type ServiceFilter = v.InferOutput<typeof ServiceSelector>;

async function listPage(args: ListArgs<ExampleSettings, unknown, PageCursor>, collection: string, query?: Record<string, string | undefined>): Promise<Page> {
  const page = await exampleClient(args).page(collection, args.cursor?.page ?? 1, query);
  return { items: page.data, next: page.next_page === null ? null : { page: page.next_page } };
}

/** Whether a service passes a service selector, as the listing's API filter does. */
export const serviceAdmitted = (filter: ServiceFilter, service: { language?: unknown }) =>
  filter.language === undefined || service.language === filter.language;

/** Teams first: services relate to them. */
export const exampleKinds = {
  team: defineKind({
    selector: NoSelector,
    cursor: PageCursor,
    list: (args: ListArgs<ExampleSettings, unknown, PageCursor>) => listPage(args, "teams"),
  }),
  service: defineKind({
    selector: ServiceSelector,
    cursor: PageCursor,
    list: (args: ListArgs<ExampleSettings, ServiceFilter, PageCursor>) => listPage(args, "services", { language: args.selector.language }),
    // GET /services/{id} answers the same object the listing holds, or 404 once it is gone.
    read: (ctx: PluginContext<ExampleSettings>, ref: { id: string }) => exampleClient(ctx).item("services", ref.id),
  }),
};

export type ExampleKinds = typeof exampleKinds;
