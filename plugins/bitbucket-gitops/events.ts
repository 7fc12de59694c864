import * as v from "valibot";
import type { Json, RawChanges, WebhookContext, WebhookDecision } from "../../src/plugin.ts";
import { bitbucketClient } from "./client.ts";
import { PROJECT_EVENTS, PULL_REQUEST_EVENTS } from "./hooks.ts";
import { readPulls } from "./kinds/pull-request.ts";
import { EventProjectSchema, PathName, RepositorySchema, type Repository } from "./schemas.ts";
import { bitbucketKinds, type BitbucketKinds } from "./kinds/index.ts";
import { projectMatcher, type PullRequestFilter } from "./selectors.ts";
import type { BitbucketSettings } from "./settings.ts";

type Context = WebhookContext<BitbucketSettings, BitbucketKinds>;

/**
 * Webhooks for Bitbucket's own kinds. Whatever the event says, the object is read back and what
 * Bitbucket holds now is written: present and admitted by a resource's selectors means upsert,
 * gone (or no longer admitted, e.g. merged under `state: OPEN`) means delete. A replayed or late
 * delivery therefore never writes old data. DC sends no event for a deleted repository or project:
 * those go after the next complete cycle.
 */

/** The repository a pull request goes into: its key and slug become request paths, so they are checked. */
const RepoOfPull = v.looseObject({ id: v.number(), slug: PathName, project: v.looseObject({ key: PathName }) });

const PullEventSchema = v.looseObject({
  eventKey: v.string(),
  pullRequest: v.looseObject({ id: v.number(), toRef: v.looseObject({ repository: RepoOfPull }) }),
});
type PullEvent = v.InferOutput<typeof PullEventSchema>;

const ProjectModifiedSchema = v.looseObject({ eventKey: v.literal("project:modified"), old: EventProjectSchema, new: EventProjectSchema });
type ProjectModified = v.InferOutput<typeof ProjectModifiedSchema>;

const PullStateSchema = v.looseObject({ state: v.picklist(["OPEN", "MERGED", "DECLINED"]) });

/** The field a payload got wrong, then what is wrong with it. */
export const issueText = (issue: v.BaseIssue<unknown>) => `${v.getDotPath(issue) ?? "body"}: ${issue.message}`;

const NONE: RawChanges = { upserts: [], deletes: [] };

/** One kind's upserts or deletes, whichever `admitted` says, for items read back (or gone). */
function decide(kind: string, current: unknown, gone: unknown, admitted: boolean): RawChanges {
  if (current === undefined) return { upserts: [], deletes: [{ kind, items: [gone] }] };
  return admitted ? { upserts: [{ kind, items: [current] }], deletes: [] } : { upserts: [], deletes: [{ kind, items: [current] }] };
}

export function merge(...all: RawChanges[]): RawChanges {
  return { upserts: all.flatMap((c) => c.upserts), deletes: all.flatMap((c) => c.deletes) };
}

const pullFilters = (ctx: Context) => ctx.selectors("pull-request");

const admitsPull = (settings: BitbucketSettings, filters: PullRequestFilter[], key: string, state: string) =>
  filters.some((f) => projectMatcher(settings, f)(key) && (f.state === "ALL" || f.state === state));

async function applyPull(ctx: Context, event: PullEvent): Promise<RawChanges> {
  const filters = pullFilters(ctx);
  if (filters.length === 0) return NONE;
  const { id, toRef } = event.pullRequest;
  const key = toRef.repository.project.key;
  const current = await bitbucketKinds["pull-request"].read(ctx, { project: key, slug: toRef.repository.slug, id });
  const state = current === undefined ? "" : v.parse(PullStateSchema, current).state;
  return decide("pull-request", current, event.pullRequest, admitsPull(ctx.settings, filters, key, state));
}

/** The repository as the repository kind lists it, for each event that names one. */
export async function applyRepository(ctx: Context, repo: Repository): Promise<RawChanges> {
  const filters = ctx.selectors("repository");
  if (filters.length === 0) return NONE;
  const current = await bitbucketKinds.repository.read(ctx, { project: repo.project.key, slug: repo.slug });
  const key = current === undefined ? repo.project.key : v.parse(RepositorySchema, current).project.key;
  return decide("repository", current, repo, filters.some((f) => projectMatcher(ctx.settings, f)(key)));
}

/**
 * A rename or move changes the repository's and its pull requests' identifiers (PROJECT/slug…):
 * the old repository entity and the old pull request entities are deleted, the new ones written.
 */
export async function applyMoved(ctx: Context, old: Repository, now: Repository): Promise<RawChanges> {
  const moved = old.slug !== now.slug || old.project.key !== now.project.key;
  const repository = await applyRepository(ctx, now);
  if (!moved) return repository;
  const changes = merge(repository, { upserts: [], deletes: [{ kind: "repository", items: [old] }] });
  const filters = pullFilters(ctx);
  if (filters.length === 0) return changes;
  const state = filters.some((f) => f.state === "ALL") || new Set(filters.map((f) => f.state)).size > 1 ? "ALL" : filters[0]!.state;
  const pulls = await readPulls(bitbucketClient(ctx), [now.id, now.project.key, now.slug], state, ctx.settings.pullRequestLimit);
  const renamed = (pull: unknown) => {
    const p = pull as { toRef: Record<string, unknown>; fromRef: { repository?: { id?: number } } & Record<string, unknown> };
    const fromRef = p.fromRef.repository?.id === now.id ? { ...p.fromRef, repository: old } : p.fromRef;
    return { ...p, toRef: { ...p.toRef, repository: old }, fromRef };
  };
  const admitted = pulls.filter((p) => admitsPull(ctx.settings, filters, now.project.key, v.parse(PullStateSchema, p).state));
  return merge(changes, { upserts: admitted.length ? [{ kind: "pull-request", items: admitted }] : [], deletes: pulls.length ? [{ kind: "pull-request", items: pulls.map(renamed) }] : [] });
}

async function applyProject(ctx: Context, event: ProjectModified): Promise<RawChanges> {
  const filters = ctx.selectors("project");
  if (filters.length === 0) return NONE;
  const current = await bitbucketKinds.project.read(ctx, { key: event.new.key });
  const changes = decide("project", current, event.new, filters.some((f) => projectMatcher(ctx.settings, f)(event.new.key)));
  return event.old.key === event.new.key ? changes : merge(changes, { upserts: [], deletes: [{ kind: "project", items: [event.old] }] });
}

/** The decision for a pull request or project event (signature already verified), or undefined for other events. */
export function acceptServerEvent(eventKey: string, data: unknown, settings: BitbucketSettings, key: string): WebhookDecision | undefined {
  const inFilter = projectMatcher(settings, {});
  if (PULL_REQUEST_EVENTS.includes(eventKey)) {
    const parsed = v.safeParse(PullEventSchema, data);
    if (!parsed.success) return { action: "reject", status: 400, message: `not a ${eventKey} payload: ${issueText(parsed.issues[0])}` };
    const { id, toRef } = parsed.output.pullRequest;
    const where = `${toRef.repository.project.key}/${toRef.repository.slug}`;
    if (!inFilter(toRef.repository.project.key)) return { action: "ignore", message: `${where} is outside BITBUCKET_PROJECTS_FILTER` };
    return { action: "apply", message: `${eventKey} ${where}#${id}`, key, event: { eventKey, payload: parsed.output as Json } };
  }
  if (PROJECT_EVENTS.includes(eventKey)) {
    const parsed = v.safeParse(ProjectModifiedSchema, data);
    if (!parsed.success) return { action: "reject", status: 400, message: `not a ${eventKey} payload: ${issueText(parsed.issues[0])}` };
    if (!inFilter(parsed.output.new.key)) return { action: "ignore", message: `${parsed.output.new.key} is outside BITBUCKET_PROJECTS_FILTER` };
    return { action: "apply", message: `${eventKey} ${parsed.output.new.key}`, key, event: { eventKey, payload: parsed.output as Json } };
  }
  return undefined;
}

/** Applies what acceptServerEvent accepted; the payload is parsed again, as it may come back from a queue. */
export function applyServerEvent(ctx: WebhookContext<BitbucketSettings>, eventKey: string, payload: unknown): Promise<RawChanges> | undefined {
  if (PULL_REQUEST_EVENTS.includes(eventKey)) return applyPull(ctx, v.parse(PullEventSchema, payload));
  if (PROJECT_EVENTS.includes(eventKey)) return applyProject(ctx, v.parse(ProjectModifiedSchema, payload));
  return undefined;
}
