import * as v from "valibot";
import type { ListArgs, Page, PluginContext } from "../../../src/plugin.ts";
import { bitbucketClient } from "../client.ts";
import { RepositorySchema } from "../schemas.ts";
import type { ProjectScopeFilter } from "../selectors.ts";
import type { BitbucketSettings } from "../settings.ts";
import { readObject, repoPath, startWalk, walkDone, walkStep, type Walk } from "../walk.ts";

/** Listings one page may make, so a run of projects without repositories cannot eat a tick. */
const MAX_LISTINGS_PER_PAGE = 3;

/** Repositories as GET /projects/{key}/repos returns them, a page of them per call. */
export async function listRepositories(args: ListArgs<BitbucketSettings, ProjectScopeFilter, Walk>): Promise<Page> {
  const filter = args.selector;
  let walk = args.cursor ?? startWalk(args.settings, filter);
  const client = bitbucketClient(args);
  for (let listings = 0; !walkDone(walk) && listings < MAX_LISTINGS_PER_PAGE; listings++) {
    const step = await walkStep(args, client, walk, filter, args.limit);
    walk = step.walk;
    if (step.repos.length > 0) return { items: step.repos.map((r) => r.raw), next: walkDone(walk) ? null : walk };
  }
  return { items: [], next: walkDone(walk) ? null : walk };
}

/** The repository's id: it survives renames and moves. */
export function repositoryScope(item: unknown): string | null {
  const parsed = v.safeParse(RepositorySchema, item);
  return parsed.success ? String(parsed.output.id) : null;
}

/** A repository by project key and slug, as a webhook names it. */
export const readRepository = (ctx: PluginContext<BitbucketSettings>, ref: { project: string; slug: string }) => readObject(ctx, repoPath(ref.project, ref.slug));
