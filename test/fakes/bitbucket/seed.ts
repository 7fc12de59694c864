import { addPull } from "./pulls.ts";
import { buildRepo, Store, type Permission, type RepoSeed, type Token } from "./model.ts";

export interface UserSeed {
  name: string;
  password: string;
  displayName?: string;
  emailAddress?: string;
  tokens?: Token[];
  projects?: string[];
  permission?: Permission;
}

export interface ProjectSeed {
  key: string;
  name?: string;
  id?: number;
  description?: string;
  public?: boolean;
  type?: "NORMAL" | "PERSONAL";
  /** Owner of a PERSONAL project (its key is then `~OWNER`). */
  owner?: string;
  repos?: RepoSeed[];
}

export interface WebhookSeed {
  project: string;
  repo?: string;
  name?: string;
  url: string;
  events: string[];
  secret?: string;
  active?: boolean;
}

export interface Seed {
  users?: UserSeed[];
  projects?: ProjectSeed[];
  webhooks?: WebhookSeed[];
}

/** A fresh store from a seed; ids count up in seed order unless given. */
export function seedStore(seed: Seed = {}): Store {
  const store = new Store();
  for (const u of seed.users ?? []) {
    store.users.set(u.name, {
      id: store.nextUserId++,
      name: u.name,
      password: u.password,
      displayName: u.displayName ?? u.name,
      emailAddress: u.emailAddress ?? `${u.name}@example.com`,
      tokens: u.tokens ?? [],
      projects: u.projects,
      permission: u.permission ?? "ADMIN",
    });
  }
  for (const p of seed.projects ?? []) {
    const type = p.type ?? (p.key.startsWith("~") ? "PERSONAL" : "NORMAL");
    const owner = type === "PERSONAL" ? (p.owner ?? p.key.slice(1).toLowerCase()) : undefined;
    store.addProject({
      id: p.id ?? store.nextProjectId,
      key: p.key,
      name: p.name ?? (owner ? (store.users.get(owner)?.displayName ?? owner) : p.key),
      description: p.description,
      public: p.public ?? false,
      type,
      owner,
    });
    for (const r of p.repos ?? []) {
      const repo = buildRepo(store, p.key, r);
      store.addRepo(repo);
      for (const pr of r.pullRequests ?? []) addPull(store, repo, pr);
    }
  }
  const now = store.epoch;
  for (const w of seed.webhooks ?? []) {
    const repoId = w.repo === undefined ? undefined : store.repo(w.project, w.repo)?.id;
    if (w.repo !== undefined && repoId === undefined) throw new Error(`seed webhook: no repo ${w.project}/${w.repo}`);
    const id = store.nextWebhookId++;
    store.webhooks.set(id, {
      id,
      name: w.name ?? `hook-${id}`,
      url: w.url,
      events: w.events,
      active: w.active ?? true,
      configuration: w.secret === undefined ? {} : { secret: w.secret },
      sslVerificationRequired: true,
      createdDate: now,
      updatedDate: now,
      scope: { project: w.project, repoId },
    });
  }
  return store;
}

export interface GenerateSpec {
  projects: number;
  reposPerProject: number;
  /** Share of repositories with a port.yaml on the default branch (spread evenly). */
  withFileRatio?: number;
  archivedRatio?: number;
  emptyRatio?: number;
  /** port.yaml content; `{project}`, `{repo}`, `{name}` and `{id}` are substituted. */
  template?: string;
  fileName?: string;
  users?: UserSeed[];
  /** Share of repositories with one open pull request (spread evenly). */
  openPullRequestRatio?: number;
}

const DEFAULT_TEMPLATE = "identifier: {repo}\ntitle: {name}\nblueprint: service\nproperties:\n  project: {project}\n";

/** Pick exactly round(ratio·n) of n items, evenly and deterministically. */
const every = (i: number, ratio: number) => Math.floor((i + 1) * ratio) > Math.floor(i * ratio);

/** A large deterministic instance, built straight into the indexed store. */
export function generate(spec: GenerateSpec): Store {
  const store = seedStore({ users: spec.users });
  const fileName = spec.fileName ?? "port.yaml";
  const template = spec.template ?? DEFAULT_TEMPLATE;
  let n = 0;
  for (let p = 0; p < spec.projects; p++) {
    const key = `P${String(p + 1).padStart(4, "0")}`;
    store.addProject({ id: p + 1, key, name: `Project ${p + 1}`, public: false, type: "NORMAL" });
    for (let r = 0; r < spec.reposPerProject; r++, n++) {
      const slug = `repo-${String(r + 1).padStart(4, "0")}`;
      const id = n + 1;
      const name = `${key} ${slug}`;
      // Offsets keep equal ratios from picking the same repositories.
      const empty = every(n + 13, spec.emptyRatio ?? 0);
      const file = template
        .replaceAll("{project}", key)
        .replaceAll("{repo}", slug)
        .replaceAll("{name}", name)
        .replaceAll("{id}", String(id));
      const files = !empty && every(n, spec.withFileRatio ?? 1) ? { [fileName]: file } : {};
      const repo = buildRepo(store, key, { id, slug, name, empty, archived: every(n + 7, spec.archivedRatio ?? 0), files });
      store.addRepo(repo);
      if (every(n + 3, spec.openPullRequestRatio ?? 0)) addPull(store, repo, { title: `Change ${slug}` });
    }
  }
  return store;
}
