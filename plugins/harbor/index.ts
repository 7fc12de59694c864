import blueprints from "./defaults/blueprints.json" with { type: "json" };
import portAppConfig from "./defaults/port-app-config.yml" with { type: "text" };
import { definePlugin, type Blueprint } from "../../src/plugin.ts";
import { harborKinds } from "./kinds/index.ts";
import { PAGE_SIZE } from "./paging.ts";
import { harborSettings } from "./settings.ts";
import { harborWebhook } from "./webhook.ts";

/** Harbor v2.0 API: projects, users, repositories and artifacts into Port's catalog. */
export const harborPlugin = definePlugin({
  name: "harbor",
  datasource: "exporter",
  settings: harborSettings,
  kinds: harborKinds,
  pageSize: PAGE_SIZE,
  defaults: { portAppConfig, portAppConfigFile: "plugins/harbor/defaults/port-app-config.yml", blueprints: blueprints as Blueprint[] },
  webhook: harborWebhook,
});
