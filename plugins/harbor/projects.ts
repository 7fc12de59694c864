import * as v from "valibot";
import type { PluginContext } from "../../src/plugin.ts";
import type { HarborClient } from "./client.ts";
import type { HarborSettings } from "./settings.ts";
import { listKeyset } from "./listing.ts";
import { ProjectSchema, type Project } from "./schemas.ts";
import { firstAfter } from "./windows.ts";

/**
 * Repositories and artifacts are listed project by project, in project id order. The projects are
 * read in windows of 100 and kept for the tick, so walking from one project to the next costs a
 * request per hundred projects rather than one per project.
 */

/** Inside project `project` (named `name`), after the item with id `after`. */
export const WalkCursor = v.object({
  project: v.pipe(v.number(), v.integer(), v.minValue(1)),
  name: v.string(),
  after: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type WalkPosition = v.InferOutput<typeof WalkCursor>;

export interface ProjectWalk {
  /** Scope of the cached windows, e.g. the kind and its project filter. */
  key: string;
  /** Harbor's fuzzy `name` filter, to narrow the windows. */
  nameHint?: string;
  accept(project: Project): boolean;
}

async function readWindow(client: HarborClient, walk: ProjectWalk, after: number) {
  await client.identity();
  return listKeyset(client, {
    path: "/projects",
    idColumn: "project_id",
    after,
    schema: ProjectSchema,
    id: (p) => p.project_id,
    query: walk.nameHint === undefined ? undefined : { name: walk.nameHint },
  });
}

/** The first accepted project with an id above `after`, or null when there is none. */
export async function projectAfter(
  ctx: PluginContext<HarborSettings>,
  client: HarborClient,
  walk: ProjectWalk,
  after: number,
): Promise<WalkPosition | null> {
  const found = await firstAfter(
    ctx.cache,
    { key: `harbor:projects:${walk.key}`, read: (from) => readWindow(client, walk, from), id: (p) => p.project_id, accept: walk.accept },
    after,
  );
  return found ? { project: found.project_id, name: found.name, after: 0 } : null;
}

/** A project without repositories has neither repositories nor artifacts to list. */
export const hasRepositories = (p: Project) => p.repo_count === undefined || p.repo_count > 0;
