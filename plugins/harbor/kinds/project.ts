import * as v from "valibot";
import type { ListArgs, Page } from "../../../src/plugin.ts";
import { harborClient } from "../client.ts";
import type { HarborSettings } from "../settings.ts";
import { listKeyset, type AfterCursor } from "../listing.ts";
import { ProjectSchema } from "../schemas.ts";
import { globHint, globMatcher, type ProjectFilter } from "../selectors.ts";

/** GET /projects: `public` goes to Harbor, the `name` glob is matched here (Harbor's `name` is fuzzy). */
export async function listProjects(args: ListArgs<HarborSettings, ProjectFilter, v.InferOutput<typeof AfterCursor>>): Promise<Page> {
  const { selector: filter, cursor } = args;
  const client = harborClient(args);
  // Anonymous callers get the public projects: that listing must never pass for a complete one.
  await client.identity();
  const page = await listKeyset(client, {
    path: "/projects",
    idColumn: "project_id",
    after: cursor?.after ?? 0,
    schema: ProjectSchema,
    id: (p) => p.project_id,
    pageSize: args.limit,
    query: { public: filter.public, name: filter.name === undefined ? undefined : globHint(filter.name) },
  });
  const matches = filter.name === undefined ? () => true : globMatcher(filter.name);
  return {
    items: page.items.filter((p) => matches(p.name)),
    next: page.more ? { after: page.lastId } : null,
  };
}
