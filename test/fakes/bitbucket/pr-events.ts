import type { ActionEnv } from "./actions.ts";
import type { DeliverMode } from "./sender.ts";
import type { PullRequestSeed, ReviewStatus } from "./model.ts";
import { addPull, renderPull } from "./pulls.ts";
import { eventDate, renderUser } from "./render.ts";

/** What happens to a pull request; each emits the pr:* event DC sends for it. */
export type PullEvent =
  | "opened"
  | "modified"
  | "merged"
  | "declined"
  | "deleted"
  | "reviewer:updated"
  | "reviewer:approved"
  | "reviewer:unapproved"
  | "reviewer:needs_work";

export interface PullAction {
  project: string;
  repo: string;
  event: PullEvent;
  /** The pull request acted on; absent for `opened`. */
  id?: number;
  /** For `opened`: the new pull request; for `modified`: the new title/description. */
  pull?: Partial<PullRequestSeed>;
  /** For `reviewer:updated`: the new reviewer list; for approvals: the reviewer. */
  reviewers?: string[];
  user?: string;
  actor?: string;
  deliver?: DeliverMode;
}

const STATUS: Partial<Record<PullEvent, ReviewStatus>> = {
  "reviewer:approved": "APPROVED",
  "reviewer:unapproved": "UNAPPROVED",
  "reviewer:needs_work": "NEEDS_WORK",
};

function fail(message: string): never {
  throw new Error(`bitbucket fake: ${message}`);
}

/**
 * Change the pull request as the event says, then deliver `{eventKey, date, actor, pullRequest, …}`
 * to the hooks subscribed to it (the payloads of Atlassian's "Event payload" page).
 */
export async function pullRequest(env: ActionEnv, body: PullAction) {
  const store = env.store();
  const repo = store.repo(body.project, body.repo) ?? fail(`repository ${body.project}/${body.repo} not found`);
  const now = env.now();
  const list = store.pullsOf(repo.id);
  const pr =
    body.event === "opened"
      ? addPull(store, repo, { title: "New pull request", ...body.pull, createdDate: now }, now)
      : (list.find((p) => p.id === body.id) ?? fail(`pull request ${body.id} in ${body.project}/${body.repo} not found`));
  const actorName = body.actor ?? body.user ?? pr.author;
  const extra: Record<string, unknown> = {};
  const before = renderPull(env.site, store, repo, pr);
  const bump = () => {
    pr.version += 1;
    pr.updatedDate = now;
  };
  switch (body.event) {
    case "opened":
      break;
    case "modified":
      extra.previousTitle = pr.title;
      extra.previousDescription = pr.description ?? null;
      extra.previousTarget = before.toRef;
      Object.assign(pr, { title: body.pull?.title ?? pr.title, description: body.pull?.description ?? pr.description });
      bump();
      break;
    case "merged":
    case "declined":
      pr.state = body.event === "merged" ? "MERGED" : "DECLINED";
      pr.closedDate = now;
      bump();
      break;
    case "deleted":
      list.splice(list.indexOf(pr), 1);
      break;
    case "reviewer:updated": {
      const next = body.reviewers ?? [];
      const old = pr.reviewers.map((r) => r.user);
      extra.addedReviewers = next.filter((n) => !old.includes(n)).map((n) => renderUser(env.site, store.users.get(n)!));
      extra.removedReviewers = old.filter((n) => !next.includes(n)).map((n) => renderUser(env.site, store.users.get(n)!));
      pr.reviewers = next.map((user) => pr.reviewers.find((r) => r.user === user) ?? { user, status: "UNAPPROVED" });
      bump();
      break;
    }
    default: {
      const status = STATUS[body.event] ?? fail(`unknown pull request event ${body.event}`);
      const user = body.user ?? fail("an approval needs `user`");
      const reviewer = pr.reviewers.find((r) => r.user === user) ?? pr.participants.find((p) => p.user === user);
      extra.previousStatus = reviewer?.status ?? "UNAPPROVED";
      if (reviewer) reviewer.status = status;
      else pr.participants.push({ user, status });
      pr.updatedDate = now;
      const rendered = renderPull(env.site, store, repo, pr);
      extra.participant = [...rendered.reviewers, ...rendered.participants].find((p) => p.user.name === user);
    }
  }
  const eventKey = `pr:${body.event}`;
  const actor = store.users.get(actorName);
  const payload = {
    eventKey,
    date: eventDate(now),
    actor: actor ? renderUser(env.site, actor) : undefined,
    pullRequest: body.event === "deleted" ? before : renderPull(env.site, store, repo, pr),
    ...extra,
  };
  const hooks = env.sender.subscribers(repo.projectKey, repo.id, eventKey);
  const sent = await env.sender.deliver(hooks, eventKey, payload, { mode: body.deliver });
  return { pullRequest: payload.pullRequest, ...sent };
}
