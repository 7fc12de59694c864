import blueprints from "../../mappings/harbor/blueprints.json" with { type: "json" };
import portAppConfig from "../../mappings/harbor/port-app-config.yml" with { type: "text" };
import { definePlugin, type Blueprint, type ListArgs, type Page } from "../../src/plugin.ts";
import type { HarborSettings } from "./settings.ts";
import { listArtifacts } from "./kinds/artifact.ts";
import { listProjects } from "./kinds/project.ts";
import { listRepositories } from "./kinds/repository.ts";
import { listUsers } from "./kinds/user.ts";
import { PAGE_SIZE } from "./paging.ts";
import { withPolicies } from "./policies.ts";
import { harborSettings } from "./settings.ts";
import { harborWebhook } from "./webhook.ts";

const listers: Record<string, (args: ListArgs<HarborSettings>) => Promise<Page>> = {
  // Listing projects also registers their webhook policies, when APP_HOST and the secret are set.
  project: withPolicies(listProjects),
  user: listUsers,
  repository: listRepositories,
  artifact: listArtifacts,
};

/** Harbor v2.0 API: projects, users, repositories and artifacts into Port's catalog. */
export const harborPlugin = definePlugin({
  name: "harbor",
  datasource: "exporter",
  settings: harborSettings,
  // Relation targets first: artifacts point at repositories and projects, repositories at projects.
  kinds: ["project", "user", "repository", "artifact"],
  pageSize: PAGE_SIZE,
  defaults: { portAppConfig, blueprints: blueprints as Blueprint[] },
  listPage(args) {
    const list = listers[args.kind];
    if (!list) throw new Error(`harbor has no kind "${args.kind}"`);
    return list(args);
  },
  webhook: harborWebhook,
});
