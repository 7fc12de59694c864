import { text, urlSetting } from "../../../src/config/settings.ts";
import type { SettingsOf } from "../../../src/config/settings.ts";

/** Read from the environment; secrets are kept out of logs, errors and /status. */
export const exampleSettings = {
  url: { env: "EXAMPLE_URL", required: true, description: "base URL of the example API", schema: urlSetting },
  token: { env: "EXAMPLE_TOKEN", required: true, secret: true, description: "bearer token of the example API", schema: text },
  webhookSecret: { env: "EXAMPLE_WEBHOOK_SECRET", secret: true, description: "key of the webhooks' HMAC signature", schema: text },
};

export type ExampleSettings = SettingsOf<typeof exampleSettings>;
