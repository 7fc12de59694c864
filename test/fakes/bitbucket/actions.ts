import { commit, resolve, ZERO_HASH } from "./git.ts";
import { buildRepo, slugify, type Repo, type RepoSeed, type Store, type User } from "./model.ts";
import { branchRef, eventDate, renderRepo, renderUser, type Site } from "./render.ts";
import type { DeliverMode, Sender } from "./sender.ts";

/** Simulated activity on the server: git pushes, renames and pings emit the events DC would. */
export interface ActionEnv {
  store: () => Store;
  site: Site;
  sender: Sender;
  now: () => number;
}

interface Target {
  project: string;
  repo: string;
}

interface RefUpdate {
  branch?: string;
  /** path → new content; null deletes the file. */
  files?: Record<string, string | null>;
  deleteBranch?: boolean;
  /** Where a new branch starts (branch, tag or commit); the default branch when absent. */
  from?: string;
  message?: string;
}

export interface PushAction extends Target, RefUpdate {
  /** Several refs in one push yield one event with several `changes`. */
  refs?: RefUpdate[];
  actor?: string;
  deliver?: DeliverMode;
}

export interface RenameAction extends Target {
  newSlug?: string;
  newName?: string;
  toProject?: string;
  actor?: string;
  deliver?: DeliverMode;
}

export interface PingAction {
  project: string;
  repo?: string;
  webhookId?: number;
  /** Pings are unsigned unless asked (old servers never sign them). */
  sign?: boolean;
  deliver?: DeliverMode;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`bitbucket fake: ${what} not found`);
  return value;
}

const repoOf = (store: Store, t: Target) => need(store.repo(t.project, t.repo), `repository ${t.project}/${t.repo}`);

function actor(env: ActionEnv, name: string | undefined) {
  const store = env.store();
  const user: User = (name ? store.users.get(name) : store.users.values().next().value) ?? {
    id: 1,
    name: name ?? "admin",
    password: "",
    displayName: "Bitbucket Admin",
    emailAddress: "admin@example.com",
    tokens: [],
    permission: "ADMIN",
  };
  return renderUser(env.site, user);
}

function applyRef(env: ActionEnv, repo: Repo, u: RefUpdate) {
  const git = repo.git;
  const branch = u.branch ?? git.defaultBranch;
  const before = git.branches.get(branch);
  if (u.deleteBranch) {
    need(before, `branch ${branch}`);
    git.branches.delete(branch);
    return { branch, fromHash: before!, toHash: ZERO_HASH, type: "DELETE" as const };
  }
  const parent = before ?? (u.from ? need(resolve(git, u.from), `ref ${u.from}`).id : resolve(git, null)?.id);
  const salt = `${repo.projectKey}/${repo.slug}#${repo.id}`;
  const c = commit(git, salt, parent, u.files ?? {}, u.message ?? `Update ${branch}`, env.now());
  git.branches.set(branch, c.id);
  return { branch, fromHash: before ?? ZERO_HASH, toHash: c.id, type: before ? ("UPDATE" as const) : ("ADD" as const) };
}

export async function push(env: ActionEnv, body: PushAction) {
  const store = env.store();
  const repo = repoOf(store, body);
  const updates = body.refs ?? [body];
  const changes = updates.map((u) => {
    const { branch, ...change } = applyRef(env, repo, u);
    return { ref: branchRef(branch), refId: `refs/heads/${branch}`, ...change };
  });
  const payload = {
    eventKey: "repo:refs_changed",
    date: eventDate(env.now()),
    actor: actor(env, body.actor),
    repository: renderRepo(env.site, store, repo),
    changes,
  };
  const hooks = env.sender.subscribers(repo.projectKey, repo.id, "repo:refs_changed");
  const sent = await env.sender.deliver(hooks, "repo:refs_changed", payload, { mode: body.deliver });
  return { changes, ...sent };
}

export async function rename(env: ActionEnv, body: RenameAction) {
  const store = env.store();
  const repo = repoOf(store, body);
  const old = renderRepo(env.site, store, repo);
  const oldProject = repo.projectKey;
  const toProject = body.toProject ?? repo.projectKey;
  need(store.projects.get(toProject), `project ${toProject}`);
  if (body.newName) repo.name = body.newName;
  // Renaming a repository re-derives its slug from the new name unless one is given.
  const slug = body.newSlug ?? (body.newName ? slugify(body.newName) : repo.slug);
  store.moveRepo(repo, toProject, slug);
  const payload = {
    eventKey: "repo:modified",
    date: eventDate(env.now()),
    actor: actor(env, body.actor),
    old,
    new: renderRepo(env.site, store, repo),
  };
  // Unverified for moves: hooks of both the old and the new project hear about it.
  const heard = [oldProject, toProject].flatMap((key) => env.sender.subscribers(key, repo.id, "repo:modified"));
  const hooks = new Map(heard.map((h) => [h.id, h]));
  const sent = await env.sender.deliver([...hooks.values()], "repo:modified", payload, { mode: body.deliver });
  return { repository: payload.new, ...sent };
}

export async function ping(env: ActionEnv, body: PingAction) {
  const store = env.store();
  const repoId = body.repo === undefined ? undefined : repoOf(store, { project: body.project, repo: body.repo }).id;
  const hooks =
    body.webhookId === undefined
      ? env.sender.subscribers(body.project, repoId, undefined)
      : [need(store.webhooks.get(body.webhookId), `webhook ${body.webhookId}`)];
  return env.sender.deliver(hooks, "diagnostics:ping", { test: true }, { sign: body.sign ?? false, mode: body.deliver });
}

/** DC has no repository-created event: the repository simply appears. */
export function createRepo(env: ActionEnv, body: RepoSeed & { project: string }) {
  const store = env.store();
  const { project, ...seed } = body;
  need(store.projects.get(project), `project ${project}`);
  const repo = buildRepo(store, project, seed);
  store.addRepo(repo);
  return renderRepo(env.site, store, repo);
}

/** Nor a repository-deleted one: it silently vanishes, taking its repo-level hooks along. */
export function deleteRepo(env: ActionEnv, body: Target) {
  const store = env.store();
  store.removeRepo(repoOf(store, body));
  return { ok: true };
}
