import { findRepo, type Ctx } from "./context.ts";
import { EXCEPTIONS, fail, json } from "./http.ts";
import { fakeSha } from "./git.ts";
import type { PullRequest, PullRequestSeed, Repo, ReviewStatus, Store, User } from "./model.ts";
import { page, pageRequest } from "./paging.ts";
import { base, branchRef, renderRepo, renderUser, type Site } from "./render.ts";

/** Not in the notes' list; the name follows the other NoSuch*Exception of the pull package. */
export const NO_SUCH_PULL_REQUEST = "com.atlassian.bitbucket.pull.NoSuchPullRequestException";

const STATES = ["OPEN", "MERGED", "DECLINED", "ALL"];

/** A user by name; unknown names (a seed's typo) still render, as a deleted user's stub would. */
function userOf(store: Store, name: string): User {
  return (
    store.users.get(name) ?? {
      id: 0,
      name,
      password: "",
      displayName: name,
      emailAddress: `${name}@example.com`,
      tokens: [],
      permission: "READ",
    }
  );
}

/** A reviewer who approved or asked for work has reviewed the source's head: `lastReviewedCommit`. */
function participant(site: Site, store: Store, name: string, role: "AUTHOR" | "REVIEWER" | "PARTICIPANT", status: ReviewStatus, head?: string) {
  const reviewed = head !== undefined && status !== "UNAPPROVED" ? { lastReviewedCommit: head } : {};
  return { user: renderUser(site, userOf(store, name)), ...reviewed, role, approved: status === "APPROVED", status };
}

/** RestPullRequest as GET and the pr:* events carry it; dates are epoch ms. */
export function renderPull(site: Site, store: Store, repo: Repo, pr: PullRequest) {
  const repository = renderRepo(site, store, repo);
  const head = (branch: string) => repo.git.branches.get(branch) ?? repo.git.branches.get(repo.git.defaultBranch) ?? "0".repeat(40);
  const ref = (branch: string) => ({ ...branchRef(branch), latestCommit: head(branch), repository });
  const merge = fakeSha(`merge\0${repo.id}#${pr.id}`);
  return {
    id: pr.id,
    version: pr.version,
    title: pr.title,
    ...(pr.description === undefined ? {} : { description: pr.description }),
    state: pr.state,
    open: pr.state === "OPEN",
    closed: pr.state !== "OPEN",
    draft: pr.draft,
    createdDate: pr.createdDate,
    updatedDate: pr.updatedDate,
    ...(pr.closedDate === undefined ? {} : { closedDate: pr.closedDate }),
    fromRef: ref(pr.fromBranch),
    toRef: ref(pr.toBranch),
    locked: false,
    author: participant(site, store, pr.author, "AUTHOR", "UNAPPROVED"),
    reviewers: pr.reviewers.map((r) => participant(site, store, r.user, "REVIEWER", r.status, head(pr.fromBranch))),
    participants: pr.participants.map((p) => participant(site, store, p.user, "PARTICIPANT", p.status, head(pr.fromBranch))),
    // Merged pull requests name their merge commit, as the documented pr:merged payload shows.
    ...(pr.state === "MERGED" ? { properties: { mergeCommit: { displayId: merge.slice(0, 11), id: merge } } } : {}),
    links: { self: [{ href: `${base(site)}/projects/${repo.projectKey}/repos/${repo.slug}/pull-requests/${pr.id}` }] },
  };
}

const asReview = (r: string | { user: string; status: ReviewStatus }) => (typeof r === "string" ? { user: r, status: "UNAPPROVED" as const } : r);

/** Add a pull request to `repo` from a seed; the next id of that repository. */
export function addPull(store: Store, repo: Repo, seed: PullRequestSeed, now?: number): PullRequest {
  const list = store.pullsOf(repo.id);
  const id = (list.at(-1)?.id ?? 0) + 1;
  const created = seed.createdDate ?? now ?? store.epoch + id * 60_000;
  const state = seed.state ?? "OPEN";
  const pr: PullRequest = {
    id,
    version: 0,
    title: seed.title,
    description: seed.description,
    state,
    draft: seed.draft ?? false,
    author: seed.author ?? store.users.keys().next().value ?? "admin",
    reviewers: (seed.reviewers ?? []).map(asReview),
    participants: (seed.participants ?? []).map(asReview),
    fromBranch: seed.from ?? `feature/pr-${id}`,
    toBranch: seed.to ?? repo.git.defaultBranch,
    createdDate: created,
    updatedDate: seed.updatedDate ?? created,
    ...(state === "OPEN" ? {} : { closedDate: seed.closedDate ?? seed.updatedDate ?? created }),
  };
  list.push(pr);
  return pr;
}

export function findPull(ctx: Ctx, repo: Repo, id: string): PullRequest {
  const pr = ctx.store.pullRequests.get(repo.id)?.find((p) => String(p.id) === id);
  if (!pr) return fail(404, `Pull request ${id} does not exist in ${repo.projectKey}/${repo.slug}.`, NO_SUCH_PULL_REQUEST);
  return pr;
}

/** GET …/pull-requests: `state` OPEN by default (ALL for any), `order` NEWEST (highest id) first. */
export function listPulls(ctx: Ctx, key: string, slug: string): Response {
  const repo = findRepo(ctx, key, slug);
  const state = (ctx.query.get("state") ?? "OPEN").toUpperCase();
  if (!STATES.includes(state)) fail(400, `"${state}" is not a valid pull request state.`, EXCEPTIONS.validation, "state");
  const order = (ctx.query.get("order") ?? "NEWEST").toUpperCase();
  if (!["NEWEST", "OLDEST"].includes(order)) fail(400, `"${order}" is not a valid order.`, EXCEPTIONS.validation, "order");
  const all = (ctx.store.pullRequests.get(repo.id) ?? []).filter((p) => state === "ALL" || p.state === state);
  const sorted = order === "NEWEST" ? [...all].reverse() : all;
  const p = page(sorted, pageRequest(ctx.query, 25, ctx.limits.maxLimit), ctx.paging, "generic");
  return json({ ...p, values: p.values.map((pr) => renderPull(ctx.site, ctx.store, repo, pr)) });
}

export function getPull(ctx: Ctx, key: string, slug: string, id: string): Response {
  const repo = findRepo(ctx, key, slug);
  return json(renderPull(ctx.site, ctx.store, repo, findPull(ctx, repo, id)));
}

/** GET /users: every user to any authenticated caller, by name; `filter` matches name, display name or email. */
export function listUsers(ctx: Ctx): Response {
  if (ctx.principal.kind === "anonymous") fail(401, "Authentication is required to list users.", EXCEPTIONS.authorisation);
  const filter = ctx.query.get("filter")?.toLowerCase();
  const users = [...ctx.store.users.values()]
    .filter((u) => !filter || [u.name, u.displayName, u.emailAddress].some((f) => f.toLowerCase().includes(filter)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const p = page(users, pageRequest(ctx.query, 25, ctx.limits.maxLimit), ctx.paging, "generic");
  return json({ ...p, values: p.values.map((u) => renderUser(ctx.site, u)) });
}
