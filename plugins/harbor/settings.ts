import * as v from "valibot";
import { text, urlSetting, type SettingsOf, type SettingsSpec } from "../../src/config/settings.ts";

const ocean = (name: string) => `OCEAN__INTEGRATION__CONFIG__${name}`;

/** Users often paste the API root they see in Harbor's API explorer; the client adds it itself. */
const harborUrl = v.pipe(
  urlSetting,
  v.transform((url) => url.replace(/\/api\/v2\.0$/, "")),
);

/**
 * The Harbor connection. Ocean's names are accepted as aliases (both the documented
 * `…__USERNAME` and the `…__HARBOR_USERNAME` spelling) so users keep their secrets when they move.
 */
export const harborSettings = {
  url: {
    env: "HARBOR_URL",
    aliases: [ocean("HARBOR_URL")],
    required: true,
    description: "Harbor's address, e.g. https://harbor.example.com",
    schema: harborUrl,
  },
  username: {
    env: "HARBOR_USERNAME",
    aliases: [ocean("HARBOR_USERNAME"), ocean("USERNAME")],
    required: true,
    description: "an admin user, or a robot account such as robot$port-sync (users need admin rights or user:list)",
    schema: text,
  },
  password: {
    env: "HARBOR_PASSWORD",
    aliases: [ocean("HARBOR_PASSWORD"), ocean("PASSWORD")],
    required: true,
    secret: true,
    description: "the password of HARBOR_USERNAME, or the robot account's secret",
    schema: text,
  },
  webhookSecret: {
    env: "HARBOR_WEBHOOK_SECRET",
    aliases: [ocean("HARBOR_WEBHOOK_SECRET"), ocean("WEBHOOK_SECRET")],
    secret: true,
    description: "the Auth Header Harbor's webhook policies send with each delivery",
    schema: text,
  },
  appHost: {
    env: "APP_HOST",
    // Ocean documents the integration-level name; OCEAN__BASE_URL is Ocean's own public URL setting.
    aliases: [ocean("APP_HOST"), ocean("HARBOR_APP_HOST"), "OCEAN__BASE_URL"],
    description: "this deployment's public URL, where Harbor delivers webhooks",
    schema: urlSetting,
  },
} satisfies SettingsSpec;

export type HarborSettings = SettingsOf<typeof harborSettings>;
