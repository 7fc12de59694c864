import blueprints from "../../mappings/bitbucket-gitops/blueprints.json" with { type: "json" };
import portAppConfig from "../../mappings/bitbucket-gitops/port-app-config.yml" with { type: "text" };
import { definePlugin, type Blueprint, type ListArgs, type Page } from "../../src/plugin.ts";
import { describeRepo, type RawFile } from "./files.ts";
import { listProjects } from "./kinds/project.ts";
import { describeItem } from "./describe.ts";
import { listPullRequests, pullScope } from "./kinds/pull-request.ts";
import { listRepositories, repositoryScope } from "./kinds/repository.ts";
import { listUsers } from "./kinds/user.ts";
import { listFiles, READS_PER_PAGE } from "./listing.ts";
import { bitbucketSettings, checkCredentials, type BitbucketSettings } from "./settings.ts";
import { bitbucketWebhook } from "./webhook.ts";

const listers: Record<string, (args: ListArgs<BitbucketSettings>) => Promise<Page>> = {
  file: listFiles,
  project: listProjects,
  user: listUsers,
  repository: listRepositories,
  "pull-request": listPullRequests,
};

/**
 * Bitbucket Server / Data Center into Port: port.yaml files at the root of repositories' default
 * branches (GitOps: their entities are upserted, and deleted once they leave the file), and
 * Bitbucket's own projects, users, repositories and pull requests, as Ocean's bitbucket-server
 * integration maps them. One plugin, so one client, one rate limit and one webhook route serve
 * every kind, and the name that marks the entities it owns in Port stays the same.
 */
export const bitbucketGitopsPlugin = definePlugin({
  name: "bitbucket-gitops",
  datasource: "gitops",
  settings: bitbucketSettings,
  checkSettings: checkCredentials,
  // GitOps files first (they relate to nothing here), then relation targets before what points at them.
  kinds: ["file", "project", "user", "repository", "pull-request"],
  pageSize: READS_PER_PAGE,
  defaults: { portAppConfig, blueprints: blueprints as Blueprint[] },
  listPage(args) {
    const list = listers[args.kind];
    if (!list) throw new Error(`bitbucket-gitops has no kind "${args.kind}"`);
    return list(args);
  },
  // The repository's id survives renames and moves, so a renamed repository keeps its entities,
  // and of two repositories mapped to one identifier (Ocean maps `.slug`) the same one keeps it.
  scopeOf(kind, item) {
    if (kind === "file") return String((item as RawFile).repository.id);
    if (kind === "repository") return repositoryScope(item);
    return kind === "pull-request" ? pullScope(item) : null;
  },
  describe(kind, item) {
    if (kind === "file") return `${describeRepo((item as RawFile).repository)}: ${(item as RawFile).path}`;
    return describeItem(kind, item) ?? kind;
  },
  webhook: bitbucketWebhook,
});
