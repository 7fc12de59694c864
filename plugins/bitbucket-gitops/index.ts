import blueprints from "../../mappings/bitbucket-gitops/blueprints.json" with { type: "json" };
import portAppConfig from "../../mappings/bitbucket-gitops/port-app-config.yml" with { type: "text" };
import { definePlugin, type Blueprint } from "../../src/plugin.ts";
import { describeRepo, type RawFile } from "./files.ts";
import { listFiles, READS_PER_PAGE } from "./listing.ts";
import { bitbucketSettings, checkCredentials } from "./settings.ts";
import { bitbucketWebhook } from "./webhook.ts";

/**
 * port.yaml files at the root of Bitbucket Server / Data Center repositories' default branches
 * are the source of truth: their entities are upserted, and deleted once they leave the file.
 */
export const bitbucketGitopsPlugin = definePlugin({
  name: "bitbucket-gitops",
  datasource: "gitops",
  settings: bitbucketSettings,
  checkSettings: checkCredentials,
  kinds: ["file"],
  pageSize: READS_PER_PAGE,
  defaults: { portAppConfig, blueprints: blueprints as Blueprint[] },
  listPage(args) {
    if (args.kind !== "file") throw new Error(`bitbucket-gitops has no kind "${args.kind}"`);
    return listFiles(args);
  },
  // The repository's id survives renames and moves, so a renamed repository keeps its entities.
  scopeOf(kind, item) {
    return kind === "file" ? String((item as RawFile).repository.id) : null;
  },
  describe(kind, item) {
    const file = item as RawFile;
    return kind === "file" ? `${describeRepo(file.repository)}: ${file.path}` : kind;
  },
  webhook: bitbucketWebhook,
});
