/**
 * In-memory Harbor database: the records real Harbor keeps in Postgres, with the indexes every
 * request needs (by id, by name, by digest, by tag) so that lookups stay O(1) even with ~100k
 * artifacts.
 */

export type Role = "projectAdmin" | "maintainer" | "developer" | "guest" | "limitedGuest";

export const roleIds: Record<Role, number> = {
  projectAdmin: 1,
  developer: 2,
  guest: 3,
  maintainer: 4,
  limitedGuest: 5,
};

export interface User {
  id: number;
  username: string;
  password: string;
  email: string;
  realname: string;
  comment: string;
  admin: boolean;
  creationTime: number;
  updateTime: number;
}

export interface Robot {
  /** Full login name: `robot$name` (system) or `robot$project+name` (project). */
  name: string;
  secret: string;
  level: "system" | "project";
  /** Projects a robot covers; undefined = all projects (system robots only). */
  projects?: Set<string>;
  permissions: Set<string>;
}

export interface Policy {
  id: number;
  projectId: number;
  name: string;
  description: string;
  enabled: boolean;
  eventTypes: string[];
  targets: { type: string; address: string; auth_header: string; skip_cert_verify: boolean; payload_format: string }[];
  creator: string;
  creationTime: number;
  updateTime: number;
}

export interface Project {
  id: number;
  name: string;
  public: boolean;
  ownerId: number;
  metadata: Record<string, string>;
  creationTime: number;
  updateTime: number;
  members: Map<number, Role>;
  repos: Repo[];
  policies: Policy[];
}

export interface Repo {
  id: number;
  projectId: number;
  /** Full path including the project: `team-a/service/api`. */
  name: string;
  description: string;
  pullCount: number;
  creationTime: number;
  updateTime: number;
  artifacts: Map<string, Artifact>;
  tags: Map<string, Tag>;
}

export interface Tag {
  id: number;
  repoId: number;
  artifactId: number;
  name: string;
  pushTime: number;
  pullTime: number;
}

export interface Label {
  id: number;
  name: string;
  description: string;
  color: string;
  scope: string;
  projectId: number;
  creationTime: number;
  updateTime: number;
}

export interface Accessory {
  id: number;
  digest: string;
  type: string;
  size: number;
  icon: string;
  creationTime: number;
}

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface Reference {
  childId: number;
  childDigest: string;
  platform?: Platform;
}

export interface Vulnerability {
  id: string;
  package: string;
  version: string;
  fix_version: string;
  severity: string;
  description: string;
}

export interface ScanReport {
  reportId: string;
  /** MIME types the scanner produced a report for. */
  mimeTypes: string[];
  status: "Pending" | "Running" | "Success" | "Error" | "Stopped" | "Scheduled";
  severity: string;
  duration: number;
  total: number;
  fixable: number;
  /** Non-zero severities only, e.g. {Critical: 1, High: 4}. */
  counts: Record<string, number>;
  /** RFC 3339 with sub-second digits as the scanner reported them. */
  startTime: string;
  endTime: string;
  completePercent: number;
  scanner?: { name: string; vendor: string; version: string };
  vulnerabilities: Vulnerability[];
}

export interface Artifact {
  id: number;
  projectId: number;
  repoId: number;
  digest: string;
  type: string;
  mediaType: string;
  manifestMediaType: string;
  artifactType: string;
  size: number;
  icon: string;
  pushTime: number;
  pullTime: number;
  extraAttrs: Record<string, unknown>;
  annotations: Record<string, string>;
  /** Newest first, as Harbor's tag list orders them (push_time desc, id desc). */
  tags: Tag[];
  labels: Label[];
  references: Reference[];
  /** Ids of index artifacts referencing this one; such children are hidden from lists unless tagged. */
  parents: Set<number>;
  accessories: Accessory[];
  scannable: boolean;
  scan?: ScanReport;
}

export const ZERO_TIME = -62135596800000;

/** Monotonic clock so that every mutation gets a distinct, increasing timestamp. */
export class Clock {
  private last = 0;
  now(): number {
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  }
}

export class Store {
  readonly clock = new Clock();
  /** Bumped on every mutation; list caches are keyed on it. */
  version = 0;
  users = new Map<number, User>();
  usersByName = new Map<string, User>();
  robots = new Map<string, Robot>();
  projects = new Map<number, Project>();
  projectsByName = new Map<string, Project>();
  repos = new Map<number, Repo>();
  reposByName = new Map<string, Repo>();
  artifacts = new Map<number, Artifact>();
  labels = new Map<number, Label>();
  policies = new Map<number, Policy>();
  private seq = { user: 2, project: 0, repo: 0, artifact: 0, tag: 0, label: 0, policy: 0, accessory: 0 };

  next(kind: keyof Store["seq"]): number {
    return ++this.seq[kind];
  }

  touch(): void {
    this.version++;
  }

  addUser(u: Omit<User, "id">, id?: number): User {
    const user = { ...u, id: id ?? this.next("user") };
    this.users.set(user.id, user);
    this.usersByName.set(user.username, user);
    this.touch();
    return user;
  }

  addProject(p: Omit<Project, "id" | "repos" | "policies">): Project {
    const project: Project = { ...p, id: this.next("project"), repos: [], policies: [] };
    this.projects.set(project.id, project);
    this.projectsByName.set(project.name, project);
    this.touch();
    return project;
  }

  /** Harbor creates a repository on the first push into it. */
  ensureRepo(project: Project, fullName: string, at: number, description = ""): Repo {
    const existing = this.reposByName.get(fullName);
    if (existing) return existing;
    const repo: Repo = {
      id: this.next("repo"),
      projectId: project.id,
      name: fullName,
      description,
      pullCount: 0,
      creationTime: at,
      updateTime: at,
      artifacts: new Map(),
      tags: new Map(),
    };
    project.repos.push(repo);
    this.repos.set(repo.id, repo);
    this.reposByName.set(fullName, repo);
    this.touch();
    return repo;
  }

  addArtifact(repo: Repo, a: Omit<Artifact, "id" | "projectId" | "repoId" | "tags" | "parents">): Artifact {
    // Built field by field so that 100k artifacts share one object shape.
    const artifact: Artifact = {
      id: this.next("artifact"),
      projectId: repo.projectId,
      repoId: repo.id,
      digest: a.digest,
      type: a.type,
      mediaType: a.mediaType,
      manifestMediaType: a.manifestMediaType,
      artifactType: a.artifactType,
      size: a.size,
      icon: a.icon,
      pushTime: a.pushTime,
      pullTime: a.pullTime,
      extraAttrs: a.extraAttrs,
      annotations: a.annotations,
      tags: [],
      labels: a.labels,
      references: a.references,
      parents: new Set(),
      accessories: a.accessories,
      scannable: a.scannable,
      scan: a.scan,
    };
    repo.artifacts.set(artifact.digest, artifact);
    this.artifacts.set(artifact.id, artifact);
    for (const ref of artifact.references) this.artifacts.get(ref.childId)?.parents.add(artifact.id);
    repo.updateTime = artifact.pushTime;
    this.touch();
    return artifact;
  }

  /** Attach (or move) a tag to an artifact, as a manifest PUT with that tag does. */
  setTag(repo: Repo, artifact: Artifact, name: string, at: number): Tag {
    const old = repo.tags.get(name);
    if (old) {
      const holder = this.artifacts.get(old.artifactId);
      if (holder) holder.tags = holder.tags.filter((t) => t !== old);
    }
    const tag: Tag = { id: old?.id ?? this.next("tag"), repoId: repo.id, artifactId: artifact.id, name, pushTime: at, pullTime: old?.pullTime ?? ZERO_TIME };
    repo.tags.set(name, tag);
    artifact.tags = [tag, ...artifact.tags].sort((a, b) => b.pushTime - a.pushTime || b.id - a.id);
    this.touch();
    return tag;
  }

  removeTag(repo: Repo, name: string): boolean {
    const tag = repo.tags.get(name);
    if (!tag) return false;
    repo.tags.delete(name);
    const artifact = this.artifacts.get(tag.artifactId);
    if (artifact) artifact.tags = artifact.tags.filter((t) => t !== tag);
    this.touch();
    return true;
  }

  /** Delete an artifact with its tags, and its children that no other index references. */
  deleteArtifact(artifact: Artifact): void {
    const repo = this.repos.get(artifact.repoId)!;
    for (const tag of artifact.tags) repo.tags.delete(tag.name);
    repo.artifacts.delete(artifact.digest);
    this.artifacts.delete(artifact.id);
    repo.updateTime = this.clock.now();
    for (const ref of artifact.references) {
      const child = this.artifacts.get(ref.childId);
      if (!child) continue;
      child.parents.delete(artifact.id);
      if (child.parents.size === 0 && child.tags.length === 0) this.deleteArtifact(child);
    }
    this.touch();
  }

  deleteRepo(repo: Repo): void {
    for (const artifact of [...repo.artifacts.values()]) if (this.artifacts.has(artifact.id)) this.deleteArtifact(artifact);
    const project = this.projects.get(repo.projectId)!;
    project.repos = project.repos.filter((r) => r !== repo);
    this.repos.delete(repo.id);
    this.reposByName.delete(repo.name);
    this.touch();
  }

  addPolicy(p: Omit<Policy, "id">): Policy {
    const policy = { ...p, id: this.next("policy") };
    this.policies.set(policy.id, policy);
    this.projects.get(policy.projectId)!.policies.push(policy);
    this.touch();
    return policy;
  }

  deletePolicy(policy: Policy): void {
    this.policies.delete(policy.id);
    const project = this.projects.get(policy.projectId)!;
    project.policies = project.policies.filter((p) => p !== policy);
    this.touch();
  }

  /** What the default artifact lists show: tagged artifacts and artifacts no index references. */
  static listed(a: Artifact): boolean {
    return a.tags.length > 0 || a.parents.size === 0;
  }

  /** Artifact by digest or tag, the way `GET …/artifacts/{reference}` resolves it. */
  resolve(repo: Repo | undefined, reference: string): Artifact | undefined {
    if (!repo) return undefined;
    if (isDigest(reference)) return repo.artifacts.get(reference);
    const tag = repo.tags.get(reference);
    return tag ? this.artifacts.get(tag.artifactId) : undefined;
  }
}

/** Mirrors opencontainers/go-digest Parse for the algorithms Harbor accepts. */
export function isDigest(ref: string): boolean {
  return /^sha256:[a-f0-9]{64}$/.test(ref) || /^sha384:[a-f0-9]{96}$/.test(ref) || /^sha512:[a-f0-9]{128}$/.test(ref);
}
