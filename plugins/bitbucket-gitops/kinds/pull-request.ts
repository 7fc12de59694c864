import * as v from "valibot";
import type { ListArgs, Page, PluginContext } from "../../../src/plugin.ts";
import { HttpError } from "../../../src/runtime/http.ts";
import { bitbucketClient, type BitbucketClient } from "../client.ts";
import { ensureRepoWebhook } from "../hooks.ts";
import type { PullRequestFilter } from "../selectors.ts";
import type { BitbucketSettings } from "../settings.ts";
import { isGone, readObject, repoPath, startWalk, walkDone, WalkCursor, walkStep } from "../walk.ts";

/** Repositories whose pull requests one page reads: one listing request each. */
export const REPOS_PER_PAGE = 10;
const MAX_LISTINGS_PER_PAGE = 3;
/**
 * Pull requests one listing request asks for (Bitbucket's own default page): a page then maps to at
 * most 250 entities, whose writes fit one tick beside its listings even on a free plan's budget.
 */
const PULLS_PER_REQUEST = 25;

/**
 * [repository id, project key, slug], then, for a repository whose pull requests span pages, where
 * its listing resumes and how many it has read: kept small, the cursor is saved with every tick.
 */
const Queued = v.union([v.strictTuple([v.number(), v.string(), v.string()]), v.strictTuple([v.number(), v.string(), v.string(), v.number(), v.number()])]);
type Queued = v.InferOutput<typeof Queued>;

export const PullCursor = v.object({ walk: WalkCursor, queue: v.array(Queued) });
type PullCursor = v.InferOutput<typeof PullCursor>;

export const PullRequestSchema = v.looseObject({
  id: v.number(),
  toRef: v.looseObject({ repository: v.looseObject({ id: v.number(), slug: v.string(), project: v.looseObject({ key: v.string() }) }) }),
});

const pullsPath = (key: string, slug: string) => `${repoPath(key, slug)}/pull-requests`;

/**
 * The newest `limit` pull requests of one state into a repository (INCOMING, Bitbucket's default),
 * newest first: an old repository's thousands of merged ones are never all listed each cycle.
 */
export async function readPulls(client: BitbucketClient, [, key, slug]: Queued, state: PullRequestFilter["state"], limit: number): Promise<unknown[]> {
  const pulls: unknown[] = [];
  for (let start: number | null = 0; start !== null && pulls.length < limit; ) {
    const page = await client.list(pullsPath(key, slug), start, { state, order: "NEWEST" });
    pulls.push(...page.values);
    start = page.next;
  }
  return pulls.slice(0, limit);
}

/**
 * One listing request of a repository's pull requests, from where the last page left it; the
 * repository back, with where to resume, while it has more within BITBUCKET_PULL_REQUEST_LIMIT.
 */
async function readSome(client: BitbucketClient, [id, key, slug, start = 0, read = 0]: Queued, state: PullRequestFilter["state"], limit: number) {
  const wanted = limit - read;
  const page = await client.list(pullsPath(key, slug), start, { state, order: "NEWEST", limit: Math.min(PULLS_PER_REQUEST, wanted) });
  const items = page.values.slice(0, wanted);
  const more = page.next !== null && items.length < wanted;
  return { items, rest: more ? [[id, key, slug, page.next!, read + items.length] as Queued] : [] };
}

/**
 * Walk projects and repositories, then make one listing request for each of up to REPOS_PER_PAGE
 * repositories: a page costs a bounded number of requests however many pull requests a repository
 * holds, and one with more than a request returns spans pages. A repository whose listing fails is
 * a failed scope: its pull requests are kept, not deleted.
 */
export async function listPullRequests(args: ListArgs<BitbucketSettings, PullRequestFilter, PullCursor>): Promise<Page> {
  const filter = args.selector;
  const client = bitbucketClient(args);
  let cursor: PullCursor = args.cursor ?? { walk: startWalk(args.settings, filter), queue: [] };
  for (let listings = 0; cursor.queue.length === 0 && !walkDone(cursor.walk) && listings < MAX_LISTINGS_PER_PAGE; listings++) {
    const step = await walkStep(args, client, cursor.walk, filter);
    cursor = { walk: step.walk, queue: step.repos.map(({ repo }) => [repo.id, repo.project.key, repo.slug]) };
  }
  const batch = cursor.queue.slice(0, REPOS_PER_PAGE);
  const failedScopes: { scope: string; message: string }[] = [];
  const read = await Promise.all(
    batch.map(async (queued) => {
      try {
        // Before Bitbucket 8.8 hooks are per repository: registered here, where each repository is visited anyway.
        if (queued.length === 3) await ensureRepoWebhook(args, client, queued[1], queued[2]);
        return await readSome(client, queued, filter.state, args.settings.pullRequestLimit);
      } catch (err) {
        // Gone since it was listed: it has no pull requests any more.
        if (isGone(err)) return { items: [], rest: [] };
        // Rate limits and a spent budget stop the tick and redo this page; only a failed read fails a scope.
        if (!(err instanceof HttpError)) throw err;
        failedScopes.push({ scope: String(queued[0]), message: `${queued[1]}/${queued[2]}: listing its pull requests failed: ${err.message}; its pull requests are kept` });
        return { items: [], rest: [] };
      }
    }),
  );
  // Repositories with more come first on the next page, so each one's pull requests stay together.
  const next: PullCursor = { ...cursor, queue: [...read.flatMap((r) => r.rest), ...cursor.queue.slice(REPOS_PER_PAGE)] };
  const done = next.queue.length === 0 && walkDone(next.walk);
  return { items: read.flatMap((r) => r.items), next: done ? null : next, failedScopes };
}

/** The repository a pull request belongs to, by id: a failed read protects exactly its pull requests. */
export function pullScope(item: unknown): string | null {
  const parsed = v.safeParse(PullRequestSchema, item);
  return parsed.success ? String(parsed.output.toRef.repository.id) : null;
}

/** A pull request by its target repository and id, as a webhook names it. */
export const readPullRequest = (ctx: PluginContext<BitbucketSettings>, ref: { project: string; slug: string; id: number }) =>
  readObject(ctx, `${repoPath(ref.project, ref.slug)}/pull-requests/${ref.id}`);
