import { commit, emptyGit, fakeSha, type GitRepo } from "./git.ts";

export type Permission = "READ" | "WRITE" | "ADMIN";

export interface Token {
  token: string;
  /** Project/repository tokens are Bearer-only and confined to their scope. */
  scope?: { project?: string; repo?: string };
  permission?: Permission;
}

export interface User {
  id: number;
  name: string;
  password: string;
  displayName: string;
  emailAddress: string;
  tokens: Token[];
  /** Projects this user may see; all when absent. */
  projects?: string[];
  permission: Permission;
}

export interface Project {
  id: number;
  key: string;
  name: string;
  description?: string;
  public: boolean;
  type: "NORMAL" | "PERSONAL";
  /** For PERSONAL projects: the owning user's name. */
  owner?: string;
}

export type RepoState = "AVAILABLE" | "INITIALISATION_FAILED" | "INITIALISING" | "OFFLINE";

export interface Repo {
  id: number;
  slug: string;
  name: string;
  description?: string;
  projectKey: string;
  state: RepoState;
  archived: boolean;
  public: boolean;
  forkable: boolean;
  hierarchyId: string;
  originId?: number;
  git: GitRepo;
}

export interface Webhook {
  id: number;
  name: string;
  url: string;
  events: string[];
  active: boolean;
  configuration: Record<string, unknown>;
  credentials?: { username?: string; password?: string };
  sslVerificationRequired: boolean;
  createdDate: number;
  updatedDate: number;
  scope: { project: string; repoId?: number };
}

export type PullRequestState = "OPEN" | "MERGED" | "DECLINED";
export type ReviewStatus = "UNAPPROVED" | "NEEDS_WORK" | "APPROVED";

/** A pull request into a repository (ids count per repository, as on DC); users by name. */
export interface PullRequest {
  id: number;
  version: number;
  title: string;
  description?: string;
  state: PullRequestState;
  draft: boolean;
  author: string;
  reviewers: { user: string; status: ReviewStatus }[];
  participants: { user: string; status: ReviewStatus }[];
  fromBranch: string;
  toBranch: string;
  createdDate: number;
  updatedDate: number;
  closedDate?: number;
}

/** Indexed store: lookups by key, slug and id stay O(1) with thousands of repositories. */
export class Store {
  users = new Map<string, User>();
  projects = new Map<string, Project>();
  private reposByProject = new Map<string, Map<string, Repo>>();
  reposById = new Map<number, Repo>();
  webhooks = new Map<number, Webhook>();
  /** Pull requests by the id of the repository they target. */
  pullRequests = new Map<number, PullRequest[]>();
  private sortedProjects?: Project[];
  private sortedRepos?: Repo[];
  nextProjectId = 1;
  nextRepoId = 1;
  nextUserId = 1;
  nextWebhookId = 1;
  /** Fixed clock for seeded commits so ids and dates are deterministic. */
  epoch = Date.UTC(2025, 0, 1);

  addProject(p: Project) {
    this.projects.set(p.key, p);
    this.reposByProject.set(p.key, this.reposByProject.get(p.key) ?? new Map());
    this.nextProjectId = Math.max(this.nextProjectId, p.id + 1);
    this.sortedProjects = undefined;
  }

  addRepo(r: Repo) {
    this.reposByProject.get(r.projectKey)!.set(r.slug, r);
    this.reposById.set(r.id, r);
    this.nextRepoId = Math.max(this.nextRepoId, r.id + 1);
    this.sortedRepos = undefined;
  }

  removeRepo(r: Repo) {
    this.reposByProject.get(r.projectKey)?.delete(r.slug);
    this.reposById.delete(r.id);
    for (const [id, hook] of this.webhooks) if (hook.scope.repoId === r.id) this.webhooks.delete(id);
    this.pullRequests.delete(r.id);
    this.sortedRepos = undefined;
  }

  /** Silent on DC too: the project, its repositories and its hooks vanish. */
  removeProject(key: string) {
    for (const repo of this.reposOf(key)) this.removeRepo(repo);
    for (const [id, hook] of this.webhooks) if (hook.scope.project === key) this.webhooks.delete(id);
    this.projects.delete(key);
    this.reposByProject.delete(key);
    this.sortedProjects = undefined;
  }

  pullsOf(repoId: number): PullRequest[] {
    let list = this.pullRequests.get(repoId);
    if (!list) this.pullRequests.set(repoId, (list = []));
    return list;
  }

  /** Slug and project change; the id (and so provenance) survives, like a real rename/move. */
  moveRepo(r: Repo, projectKey: string, slug: string) {
    this.reposByProject.get(r.projectKey)?.delete(r.slug);
    r.projectKey = projectKey;
    r.slug = slug;
    this.reposByProject.get(projectKey)!.set(slug, r);
    this.sortedRepos = undefined;
  }

  repo(projectKey: string, slug: string): Repo | undefined {
    return this.reposByProject.get(projectKey)?.get(slug.toLowerCase());
  }

  reposOf(projectKey: string): Repo[] {
    return [...(this.reposByProject.get(projectKey)?.values() ?? [])].sort(byName);
  }

  /** Projects ordered by key, as Bitbucket lists them. */
  allProjects(): Project[] {
    return (this.sortedProjects ??= [...this.projects.values()].sort((a, b) => cmp(a.key, b.key)));
  }

  /** Repositories ordered by project key, then name (the order of GET /repos). */
  allRepos(): Repo[] {
    return (this.sortedRepos ??= [...this.reposById.values()].sort(
      (a, b) => cmp(a.projectKey, b.projectKey) || byName(a, b),
    ));
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: Repo, b: Repo) => cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.slug, b.slug);

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export function hierarchyIdFor(repoId: number): string {
  return fakeSha(`hierarchy\0${repoId}`).slice(0, 20);
}

export interface RepoSeed {
  slug?: string;
  name?: string;
  id?: number;
  description?: string;
  state?: RepoState;
  archived?: boolean;
  public?: boolean;
  forkable?: boolean;
  /** "KEY/slug" of an earlier-seeded repository this one is a fork of. */
  origin?: string;
  /** A repository with no commits at all (its default branch is still configured). */
  empty?: boolean;
  defaultBranch?: string;
  /** Files on the default branch (one commit). */
  files?: Record<string, string>;
  /** More branches, each one commit on top of the default branch. */
  branches?: Record<string, { files?: Record<string, string | null> }>;
  /** Tag name → branch name or commit id. */
  tags?: Record<string, string>;
  /** Pull requests into this repository; ids 1… in this order. */
  pullRequests?: PullRequestSeed[];
}

export interface PullRequestSeed {
  title: string;
  description?: string;
  state?: PullRequestState;
  draft?: boolean;
  /** User names; the first seeded user when absent. */
  author?: string;
  reviewers?: (string | { user: string; status: ReviewStatus })[];
  participants?: (string | { user: string; status: ReviewStatus })[];
  from?: string;
  to?: string;
  /** Epoch ms; PR dates are epoch ms on DC. Defaults count up from the store's epoch by id. */
  createdDate?: number;
  updatedDate?: number;
  closedDate?: number;
}

/** Build a repository and its deterministic history from a seed entry. */
export function buildRepo(store: Store, projectKey: string, seed: RepoSeed): Repo {
  const name = seed.name ?? seed.slug ?? `repo-${store.nextRepoId}`;
  const slug = (seed.slug ?? slugify(name)).toLowerCase();
  const id = seed.id ?? store.nextRepoId;
  const git = emptyGit(seed.defaultBranch ?? "main");
  const origin = seed.origin ? findBySpec(store, seed.origin) : undefined;
  const repo: Repo = {
    id,
    slug,
    name,
    description: seed.description,
    projectKey,
    state: seed.state ?? "AVAILABLE",
    archived: seed.archived ?? false,
    public: seed.public ?? false,
    forkable: seed.forkable ?? true,
    hierarchyId: origin?.hierarchyId ?? hierarchyIdFor(id),
    originId: origin?.id,
    git,
  };
  if (!seed.empty) {
    const salt = `${projectKey}/${slug}#${id}`;
    const root = commit(git, salt, undefined, seed.files ?? {}, "Initial commit", store.epoch);
    git.branches.set(git.defaultBranch, root.id);
    for (const [branch, spec] of Object.entries(seed.branches ?? {})) {
      const c = commit(git, salt, root.id, spec.files ?? {}, `Work on ${branch}`, store.epoch + 60_000);
      git.branches.set(branch, c.id);
    }
    for (const [tag, target] of Object.entries(seed.tags ?? {})) git.tags.set(tag, git.branches.get(target) ?? target);
  }
  return repo;
}

function findBySpec(store: Store, spec: string): Repo | undefined {
  const [key, slug] = spec.split("/");
  return key && slug ? store.repo(key, slug) : undefined;
}
