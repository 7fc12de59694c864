import blueprints from "./defaults/blueprints.json" with { type: "json" };
import portAppConfig from "./defaults/port-app-config.yml" with { type: "text" };
import { definePlugin, type Blueprint } from "../../src/plugin.ts";
import { describeRepo, type RawFile } from "./files.ts";
import { describeItem } from "./describe.ts";
import { bitbucketKinds } from "./kinds/index.ts";
import { pullScope } from "./kinds/pull-request.ts";
import { repositoryScope } from "./kinds/repository.ts";
import { LIST_LIMIT } from "./paging.ts";
import { bitbucketSettings, checkCredentials } from "./settings.ts";
import { bitbucketWebhook } from "./webhook.ts";

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
  kinds: bitbucketKinds,
  // Listings ask for up to 100 (LIST_LIMIT); a page of files reads at most READS_PER_PAGE.
  pageSize: LIST_LIMIT,
  defaults: { portAppConfig, portAppConfigFile: "plugins/bitbucket-gitops/defaults/port-app-config.yml", blueprints: blueprints as Blueprint[] },
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
