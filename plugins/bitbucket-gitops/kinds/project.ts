import * as v from "valibot";
import type { ListArgs, Page, PluginContext } from "../../../src/plugin.ts";
import { bitbucketClient } from "../client.ts";
import { ProjectSchema } from "../schemas.ts";
import { namedProjects, projectMatcher, type ProjectScopeFilter } from "../selectors.ts";
import type { BitbucketSettings } from "../settings.ts";
import { isGone, projectPath, readObject } from "../walk.ts";

/** Named projects read per page; each is one GET. */
const NAMED_PER_PAGE = 10;

export const ProjectCursor = v.union([v.object({ start: v.number() }), v.object({ keys: v.array(v.string()) })]);

/**
 * GET /projects page by page, filtered by key; or, when projects are named (setting or selector),
 * GET /projects/{key} for each, so personal projects can be named too and a missing one is skipped.
 */
export async function listProjects(args: ListArgs<BitbucketSettings, ProjectScopeFilter, v.InferOutput<typeof ProjectCursor>>): Promise<Page> {
  const filter = args.selector;
  const client = bitbucketClient(args);
  const cursor = args.cursor ?? (() => {
    const keys = namedProjects(args.settings, filter);
    return keys ? { keys } : { start: 0 };
  })();
  if ("keys" in cursor) {
    const reads = Math.min(NAMED_PER_PAGE, args.limit);
    const batch = cursor.keys.slice(0, reads);
    const read = await Promise.all(
      batch.map((key) =>
        client.get(projectPath(key), v.unknown()).catch((err) => {
          if (!isGone(err)) throw err;
          args.log.warn("project.missing", { project: key });
          return undefined;
        }),
      ),
    );
    const rest = cursor.keys.slice(reads);
    return { items: read.filter((p) => p !== undefined), next: rest.length > 0 ? { keys: rest } : null };
  }
  const page = await client.list("/projects", cursor.start, { limit: args.limit });
  const matches = projectMatcher(args.settings, filter);
  return {
    items: page.values.filter((value) => matches(v.parse(ProjectSchema, value).key)),
    next: page.next === null ? null : { start: page.next },
  };
}

/** A project by key, as a webhook names it: GET /projects/{key}, the same read as a named project's listing. */
export const readProject = (ctx: PluginContext<BitbucketSettings>, ref: { key: string }) => readObject(ctx, projectPath(ref.key));
