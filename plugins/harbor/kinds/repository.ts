import type { ListArgs, Page, PluginContext } from "../../../src/plugin.ts";
import { harborClient } from "../client.ts";
import type { HarborSettings } from "../settings.ts";
import { listKeyset } from "../listing.ts";
import { fuzzyClause } from "../paging.ts";
import { hasRepositories, projectAfter, type ProjectWalk, type WalkPosition } from "../projects.ts";
import { rawItem, RepositorySchema } from "../schemas.ts";
import { repositoryMatcher, type RepositoryFilter } from "../selectors.ts";

/** GET /projects/{name}/repositories, project by project; items gain `project_name`. */
export async function listRepositories(args: ListArgs<HarborSettings, RepositoryFilter, WalkPosition>): Promise<Page> {
  const { selector: filter, cursor } = args;
  const client = harborClient(args);

  const walk: ProjectWalk = {
    key: `repository:${filter.projectName ?? "*"}`,
    nameHint: filter.projectName,
    accept: (p) => hasRepositories(p) && (filter.projectName === undefined || p.name === filter.projectName),
  };
  const at = cursor ?? (await projectAfter(args, client, walk, 0));
  if (!at) return { items: [], next: null };

  // Harbor's fuzzy name filter narrows the listing; the exact rules apply below.
  const hint = [filter.nameStartsWith, filter.nameContains].filter((s) => s !== undefined).sort((a, b) => b.length - a.length)[0];
  const page = await listKeyset(client, {
    path: `/projects/${encodeURIComponent(at.name)}/repositories`,
    idColumn: "repository_id",
    after: at.after,
    schema: RepositorySchema,
    id: (r) => r.id,
    clauses: [fuzzyClause("name", hint)],
    pageSize: args.limit,
  });
  const matches = repositoryMatcher(filter, at.name);
  return {
    items: page.items.filter((r) => matches(r.name)).map((r) => ({ ...r, project_name: at.name })),
    next: page.more ? { ...at, after: page.lastId } : await projectAfter(args, client, walk, at.project),
  };
}

/** A repository by its full name in a project, as a webhook names it. */
export type RepositoryByName = { project: string; repository: string };

/**
 * The repository as listRepositories lists it (same endpoint, same fields, `project_name`), or
 * undefined when it is gone; Harbor has no read by name, so its fuzzy `q=name=` is narrowed exactly.
 */
export async function readRepository(ctx: PluginContext<HarborSettings>, ref: RepositoryByName) {
  const { items } = await harborClient(ctx).list(`/projects/${encodeURIComponent(ref.project)}/repositories`, {
    query: { q: `name=${ref.repository}`, page: 1, page_size: 10 },
  });
  const found = items.map((item) => rawItem(RepositorySchema, item)).find((r) => r.name === ref.repository);
  return found && { ...found, project_name: ref.project };
}
