import blueprints from "./defaults/blueprints.json" with { type: "json" };
import portAppConfig from "./defaults/port-app-config.yml" with { type: "text" };
import { definePlugin, type Blueprint } from "../../../src/plugin.ts";
import { exampleKinds } from "./kinds.ts";
import { exampleSettings } from "./settings.ts";
import { exampleWebhook } from "./webhook.ts";

/** A team and service catalog from a small JSON API: the whole of a source, in one folder. */
export const examplePlugin = definePlugin({
  name: "example",
  datasource: "exporter",
  settings: exampleSettings,
  kinds: exampleKinds,
  pageSize: 100,
  defaults: { portAppConfig, portAppConfigFile: "test/plugins/example/defaults/port-app-config.yml", blueprints: blueprints as Blueprint[] },
  webhook: exampleWebhook,
});
