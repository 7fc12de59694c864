import * as v from "valibot";
import type { PluginContext } from "../../src/plugin.ts";
import type { HarborClient } from "./client.ts";
import type { HarborSettings } from "./settings.ts";
import { listKeyset } from "./listing.ts";
import { ProjectSchema, type Project } from "./schemas.ts";

/**
 * Repositories and artifacts are listed project by project, in project id order. The projects are
 * read in windows of 100 and kept for the tick, so walking from one project to the next costs a
 * request per hundred projects rather than one per project.
 */

/** Inside project `project` (named `name`), after the item with id `after`. */
export const WalkCursor = v.nullable(
  v.object({
    project: v.pipe(v.number(), v.integer(), v.minValue(1)),
    name: v.string(),
    after: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
);
export type WalkPosition = NonNullable<v.InferOutput<typeof WalkCursor>>;

export interface ProjectWalk {
  /** Scope of the cached windows, e.g. the kind and its project filter. */
  key: string;
  /** Harbor's fuzzy `name` filter, to narrow the windows. */
  nameHint?: string;
  accept(project: Project): boolean;
}

interface Windows {
  /** The walk read every project after this id... */
  from: number;
  /** ...up to this one, */
  to: number;
  /** ...and there may be more beyond it. */
  more: boolean;
  projects: Project[];
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
  const key = `harbor:projects:${walk.key}`;
  let windows = ctx.cache.get(key) as Windows | undefined;
  if (!windows || after < windows.from) {
    windows = { from: after, to: after, more: true, projects: [] };
    ctx.cache.set(key, windows);
  }
  for (;;) {
    const found = windows.projects.find((p) => p.project_id > after && walk.accept(p));
    if (found) return { project: found.project_id, name: found.name, after: 0 };
    if (!windows.more) return null;
    const page = await readWindow(client, walk, windows.to);
    windows.projects.push(...page.items);
    windows.to = page.lastId;
    windows.more = page.more;
  }
}

/** A project without repositories has neither repositories nor artifacts to list. */
export const hasRepositories = (p: Project) => p.repo_count === undefined || p.repo_count > 0;
