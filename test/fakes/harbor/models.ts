/**
 * Which keys `q` and `sort` accept per table, under the Go field name and the column name, with
 * the default orders of the DAO models (`GetDefaultSorts`, `sort:"default"`).
 */
import type { Condition, Model } from "./query.ts";
import type { Artifact, Policy, Project, Repo, Tag, User } from "./store.ts";

function both<T>(pairs: [string, string, (x: T) => number | string | boolean][]): Model<T>["fields"] {
  const out: Model<T>["fields"] = {};
  for (const [field, column, get] of pairs) out[field] = out[column] = get;
  return out;
}

export function projectModel(ownerName: (p: Project) => string): Model<Project> {
  return {
    fields: both<Project>([
      ["ProjectID", "project_id", (p) => p.id],
      ["OwnerID", "owner_id", (p) => p.ownerId],
      ["Name", "name", (p) => p.name],
      ["CreationTime", "creation_time", (p) => p.creationTime],
      ["UpdateTime", "update_time", (p) => p.updateTime],
      ["Deleted", "deleted", () => false],
      ["RegistryID", "registry_id", () => 0],
    ]),
    defaultSort: [{ key: "name", desc: false }],
    filters: {
      public: (p, c) => c.op === "exact" && p.public === ["true", "1", "t"].includes(c.value.toLowerCase()),
      owner: (p, c) => c.op === "exact" && ownerName(p) === c.value,
    },
  };
}

export const repositoryModel: Model<Repo> = {
  fields: both<Repo>([
    ["RepositoryID", "repository_id", (r) => r.id],
    ["Name", "name", (r) => r.name],
    ["ProjectID", "project_id", (r) => r.projectId],
    ["Description", "description", (r) => r.description],
    ["PullCount", "pull_count", (r) => r.pullCount],
    ["StarCount", "star_count", () => 0],
    ["CreationTime", "creation_time", (r) => r.creationTime],
    ["UpdateTime", "update_time", (r) => r.updateTime],
  ]),
  defaultSort: [
    { key: "creation_time", desc: true },
    { key: "repository_id", desc: true },
  ],
};

function tagCondition(a: Artifact, c: Condition): boolean {
  if (c.op === "fuzzy") return a.tags.some((t) => t.name.includes(c.value));
  if (c.op !== "exact") return false;
  if (c.value === "*") return a.tags.length > 0;
  if (c.value === "nil") return a.tags.length === 0;
  return a.tags.some((t) => t.name === c.value);
}

export const artifactModel: Model<Artifact> = {
  fields: both<Artifact>([
    ["ID", "id", (a) => a.id],
    ["Type", "type", (a) => a.type],
    ["MediaType", "media_type", (a) => a.mediaType],
    ["ManifestMediaType", "manifest_media_type", (a) => a.manifestMediaType],
    ["ArtifactType", "artifact_type", (a) => a.artifactType],
    ["ProjectID", "project_id", (a) => a.projectId],
    ["RepositoryID", "repository_id", (a) => a.repoId],
    ["Digest", "digest", (a) => a.digest],
    ["Size", "size", (a) => a.size],
    ["Icon", "icon", (a) => a.icon],
    ["PushTime", "push_time", (a) => a.pushTime],
    ["PullTime", "pull_time", (a) => a.pullTime],
  ]),
  defaultSort: [
    { key: "push_time", desc: true },
    { key: "id", desc: true },
  ],
  filters: {
    tags: tagCondition,
    Tags: tagCondition,
    // setLabelQuery: an and-list of label ids, all of which the artifact must carry.
    labels: (a, c) => c.op === "and" && c.values.every((v) => a.labels.some((l) => l.id === v.value)),
  },
};

export const tagModel: Model<Tag> = {
  fields: both<Tag>([
    ["ID", "id", (t) => t.id],
    ["RepositoryID", "repository_id", (t) => t.repoId],
    ["ArtifactID", "artifact_id", (t) => t.artifactId],
    ["Name", "name", (t) => t.name],
    ["PushTime", "push_time", (t) => t.pushTime],
    ["PullTime", "pull_time", (t) => t.pullTime],
  ]),
  defaultSort: [
    { key: "push_time", desc: true },
    { key: "id", desc: true },
  ],
};

export const userModel: Model<User> = {
  fields: both<User>([
    ["UserID", "user_id", (u) => u.id],
    ["Username", "username", (u) => u.username],
    ["Email", "email", (u) => u.email],
    ["Realname", "realname", (u) => u.realname],
    ["Comment", "comment", (u) => u.comment],
    ["SysAdminFlag", "sysadmin_flag", (u) => u.admin],
    ["CreationTime", "creation_time", (u) => u.creationTime],
    ["UpdateTime", "update_time", (u) => u.updateTime],
  ]),
  defaultSort: [{ key: "username", desc: false }],
};

export const policyModel: Model<Policy> = {
  fields: both<Policy>([
    ["ID", "id", (p) => p.id],
    ["Name", "name", (p) => p.name],
    ["Description", "description", (p) => p.description],
    ["ProjectID", "project_id", (p) => p.projectId],
    ["Creator", "creator", (p) => p.creator],
    ["CreationTime", "creation_time", (p) => p.creationTime],
    ["UpdateTime", "update_time", (p) => p.updateTime],
    ["Enabled", "enabled", (p) => p.enabled],
  ]),
  defaultSort: [{ key: "creation_time", desc: true }],
};
