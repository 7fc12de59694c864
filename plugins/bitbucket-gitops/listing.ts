import * as v from "valibot";
import type { ListArgs, Page } from "../../src/plugin.ts";
import { HttpError } from "../../src/runtime/http.ts";
import { bitbucketClient, type BitbucketClient } from "./client.ts";
import { describeRepo, readRepoFile, repoRef, type RawFile, type RepoRef } from "./files.ts";
import { ensureProjectWebhook, ensureRepoWebhook } from "./hooks.ts";
import { ProjectSchema, RepositorySchema, type Repository } from "./schemas.ts";
import type { BitbucketSettings } from "./settings.ts";

/**
 * Repositories whose file one page reads. A page costs at most a listing or two, two raw reads per
 * repository (port.yaml, then port.yml) and its bulk writes, so it fits a free plan's 50 requests.
 */
export const READS_PER_PAGE = 10;
/** Listings one page may make before it returns, so a run of empty projects cannot eat a tick. */
const MAX_LISTINGS_PER_PAGE = 3;
/** The only repository state whose content Bitbucket serves. */
const AVAILABLE = "AVAILABLE";

/**
 * [id, project key, slug, name], plus the state of a repository that is not AVAILABLE: the cursor
 * is saved with every tick, so queued repositories stay small (and cursors saved before still parse).
 * Strict: a plain tuple of four would take a five and drop the state.
 */
const QueuedSchema = v.union([
  v.strictTuple([v.number(), v.string(), v.string(), v.string()]),
  v.strictTuple([v.number(), v.string(), v.string(), v.string(), v.string()]),
]);

/**
 * Where a resync is: the projects still to list (the current one first, with the start of its next
 * repositories page), the start of the next projects page, and repositories listed but not read.
 */
export const FileCursor = v.object({
  projects: v.array(v.string()),
  repoStart: v.number(),
  projectStart: v.nullable(v.number()),
  queue: v.array(QueuedSchema),
});
type Cursor = v.InferOutput<typeof FileCursor>;
type Queued = v.InferOutput<typeof QueuedSchema>;

function startCursor(settings: BitbucketSettings): Cursor {
  const filter = settings.projects ?? [];
  return filter.length > 0
    ? { projects: [...filter], repoStart: 0, projectStart: null, queue: [] }
    : { projects: [], repoStart: 0, projectStart: 0, queue: [] };
}

const projectPath = (key: string) => `/projects/${encodeURIComponent(key)}`;

/** A repository without `state` comes from a server that does not report it: take it as readable. */
function queued(repo: Repository): Queued {
  const r = repoRef(repo);
  const state = repo.state ?? AVAILABLE;
  return state === AVAILABLE ? [r.id, r.project.key, r.slug, r.name] : [r.id, r.project.key, r.slug, r.name, state];
}

/** A project named in the filter that does not exist has no repositories (their entities go). */
async function listRepos(args: ListArgs<BitbucketSettings, unknown, Cursor>, client: BitbucketClient, cursor: Cursor): Promise<Cursor> {
  const key = cursor.projects[0]!;
  if (cursor.repoStart === 0) await ensureProjectWebhook(args, client, key);
  let page;
  try {
    page = await client.list(`${projectPath(key)}/repos`, cursor.repoStart);
  } catch (err) {
    if (err instanceof HttpError && err.status === 404 && err.code?.endsWith("NoSuchProjectException")) {
      args.log.warn("project.missing", { project: key });
      return { ...cursor, projects: cursor.projects.slice(1), repoStart: 0 };
    }
    throw err;
  }
  const queue = [...cursor.queue, ...page.values.map((value) => queued(v.parse(RepositorySchema, value)))];
  return page.next === null
    ? { ...cursor, projects: cursor.projects.slice(1), repoStart: 0, queue }
    : { ...cursor, repoStart: page.next, queue };
}

/** Personal projects (`~USER`) are not listed by /projects; only named in the filter are they read. */
async function listProjects(client: BitbucketClient, cursor: Cursor): Promise<Cursor> {
  const page = await client.list("/projects", cursor.projectStart!);
  const keys = page.values.map((value) => v.parse(ProjectSchema, value).key);
  return { ...cursor, projects: keys, repoStart: 0, projectStart: page.next };
}

/** The outcome of one repository, read at the default branch. */
async function readOne(args: ListArgs<BitbucketSettings, unknown, Cursor>, client: BitbucketClient, [id, key, slug, name, state]: Queued, items: RawFile[], failed: { scope: string; message: string }[]) {
  const repo: RepoRef = { id, slug, name, project: { key } };
  const scope = String(id);
  // Before Bitbucket 8.8 hooks are per repository: registered here, where each repository is visited anyway.
  await ensureRepoWebhook(args, client, key, slug);
  // Bitbucket serves content only of AVAILABLE repositories (an OFFLINE one may come back): what
  // such a read answers says nothing about the file, so keep what the repository declared.
  if (state !== undefined) {
    failed.push({ scope, message: `${describeRepo(repo)} (repository ${id}) is ${state}, not AVAILABLE: its file cannot be read; its entities are kept` });
    return;
  }
  try {
    const outcome = await readRepoFile(client, repo);
    if (outcome.status === "invalid") failed.push({ scope, message: `${outcome.message}; nothing from it is written or deleted` });
    if (outcome.status !== "file") return;
    items.push(outcome.item);
    // A skipped entity may exist in Port from an earlier, valid version: keep it rather than delete it.
    for (const message of outcome.problems) failed.push({ scope, message });
  } catch (err) {
    // Rate limits and a spent budget stop the tick and redo this page; only a failed read fails a scope.
    if (!(err instanceof HttpError)) throw err;
    failed.push({ scope, message: `${describeRepo(repo)} (repository ${repo.id}): reading its file failed: ${err.message}; its entities are kept` });
  }
}

/**
 * One chunk of the resync: list what is needed to have repositories to read, then read as many of
 * them as the page's limit (READS_PER_PAGE at most). A repository whose file cannot be read (or
 * parsed, or holds an invalid entity) is a failed scope: what it declared before is kept until it
 * reads cleanly again.
 */
export async function listFiles(args: ListArgs<BitbucketSettings, unknown, Cursor>): Promise<Page> {
  const client = bitbucketClient(args);
  let cursor = args.cursor ?? startCursor(args.settings);
  for (let listings = 0; cursor.queue.length === 0 && listings < MAX_LISTINGS_PER_PAGE; listings++) {
    if (cursor.projects.length > 0) cursor = await listRepos(args, client, cursor);
    else if (cursor.projectStart !== null) cursor = await listProjects(client, cursor);
    else break;
  }

  const reads = Math.min(READS_PER_PAGE, args.limit);
  const batch = cursor.queue.slice(0, reads);
  const next: Cursor = { ...cursor, queue: cursor.queue.slice(reads) };
  const items: RawFile[] = [];
  const failedScopes: { scope: string; message: string }[] = [];
  await Promise.all(
    batch.map((queued) => readOne(args, client, queued, items, failedScopes)),
  );
  // Reads finish in any order; listing order keeps pages comparable from one cycle to the next.
  const order = new Map(batch.map(([id], i) => [id, i]));
  items.sort((a, b) => order.get(a.repository.id)! - order.get(b.repository.id)!);
  const done = next.queue.length === 0 && next.projects.length === 0 && next.projectStart === null;
  return { items, next: done ? null : next, failedScopes };
}
