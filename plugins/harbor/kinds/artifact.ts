import type { ListArgs, Page } from "../../../src/plugin.ts";
import { ACCEPT_VULNERABILITIES, harborClient } from "../client.ts";
import type { HarborSettings } from "../settings.ts";
import { listKeyset, parseCursor } from "../listing.ts";
import { hasRepositories, projectAfter, WalkCursor, type ProjectWalk } from "../projects.ts";
import { ArtifactSchema } from "../schemas.ts";
import { ArtifactSelector, parseSelector } from "../selectors.ts";

const walk: ProjectWalk = { key: "artifact", accept: hasRepositories };

/**
 * GET /projects/{id}/artifacts: a hundred artifacts of any repositories per request, instead of a
 * listing per repository (most repositories hold fewer than a page). Items gain `project_name`.
 */
export async function listArtifacts(args: ListArgs<HarborSettings>): Promise<Page> {
  const filter = parseSelector(ArtifactSelector, "artifact", args.selector);
  const cursor = parseCursor(WalkCursor, "artifact", args.cursor);
  const client = harborClient(args);

  const at = cursor ?? (await projectAfter(args, client, walk, 0));
  if (!at) return { items: [], next: null };

  const page = await listKeyset(client, {
    path: `/projects/${at.project}/artifacts`,
    idColumn: "id",
    after: at.after,
    schema: ArtifactSchema,
    id: (a) => a.id,
    clauses: [filter.tag === undefined ? undefined : `tags=${filter.tag}`],
    query: { with_tag: filter.withTag, with_scan_overview: filter.withScanOverview },
    headers: filter.withScanOverview ? { "x-accept-vulnerabilities": ACCEPT_VULNERABILITIES } : undefined,
  });
  return {
    items: page.items.map((a) => ({ ...a, project_name: at.name })),
    next: page.more ? { ...at, after: page.lastId } : await projectAfter(args, client, walk, at.project),
  };
}
