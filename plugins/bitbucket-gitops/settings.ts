import * as v from "valibot";
import { positiveInt, text, urlSetting, type SettingIssue, type SettingsOf, type SettingsSpec } from "../../src/config/settings.ts";

/** Ocean's bitbucket-server integration reads these: users moving over keep their secrets. */
const ocean = (name: string) => `OCEAN__INTEGRATION__CONFIG__${name}`;

/** Users paste the REST root as often as the server's address; the client adds it itself. */
const hostUrl = v.pipe(
  urlSetting,
  v.transform((url) => url.replace(/\/rest\/api\/(?:1\.0|latest)$/, "")),
);

/** `PLAT, payments` → ["PLAT", "PAYMENTS"]: Bitbucket matches project keys without regard to case. */
const projectKeys = v.pipe(
  v.string(),
  v.transform((raw) => raw.split(",").map((key) => key.trim()).filter((key) => key !== "")),
  v.array(v.pipe(v.string(), v.regex(/^~?[\w.-]+$/, "must be comma-separated project keys such as PLAT,PAY"))),
  v.transform((keys) => [...new Set(keys.map((key) => (key.startsWith("~") ? key : key.toUpperCase())))]),
);

/**
 * The names the existing port.yaml sync script used, plus a token and the webhook secret; Ocean's
 * bitbucket-server names are accepted as aliases.
 */
export const bitbucketSettings = {
  host: {
    env: "BITBUCKET_HOST",
    aliases: [ocean("BITBUCKET_BASE_URL")],
    required: true,
    description: "Bitbucket Server's address with any context path, e.g. https://bitbucket.example.com/bitbucket",
    schema: hostUrl,
  },
  username: {
    env: "BITBUCKET_USERNAME",
    aliases: [ocean("BITBUCKET_USERNAME")],
    description: "a user that can read every repository to sync (with BITBUCKET_PASSWORD)",
    schema: text,
  },
  password: {
    env: "BITBUCKET_PASSWORD",
    aliases: [ocean("BITBUCKET_PASSWORD")],
    secret: true,
    description: "the password or personal HTTP access token of BITBUCKET_USERNAME",
    schema: text,
  },
  token: {
    env: "BITBUCKET_TOKEN",
    secret: true,
    description: "a personal HTTP access token, sent as Bearer instead of username and password",
    schema: text,
  },
  projects: {
    env: "BITBUCKET_PROJECTS_FILTER",
    description: "comma-separated project keys to sync; all projects the user sees when empty",
    schema: projectKeys,
  },
  webhookSecret: {
    env: "BITBUCKET_WEBHOOK_SECRET",
    aliases: [ocean("BITBUCKET_WEBHOOK_SECRET")],
    secret: true,
    description: "the secret of the Bitbucket webhooks; pushes are refused without it",
    schema: text,
  },
  pullRequestLimit: {
    env: "BITBUCKET_PULL_REQUEST_LIMIT",
    default: "100",
    description: "the newest pull requests read per repository and cycle (of the selector's state), so old repositories do not list every merged one",
    schema: positiveInt(1, { value: 1000, why: "older pull requests are better left out than listed again every cycle" }),
  },
  appHost: {
    env: "APP_HOST",
    aliases: [ocean("APP_HOST"), "OCEAN__BASE_URL"],
    description: "this deployment's public URL; when set, a webhook is registered in each synced project",
    schema: urlSetting,
  },
} satisfies SettingsSpec;

export type BitbucketSettings = SettingsOf<typeof bitbucketSettings>;

/** A token, or a username with its password: whichever half is given, the other half is named. */
export function checkCredentials(settings: BitbucketSettings): SettingIssue[] {
  if (settings.token) return [];
  if (settings.username && settings.password) return [];
  if (settings.username)
    return [{ setting: "BITBUCKET_PASSWORD", message: "BITBUCKET_PASSWORD is required with BITBUCKET_USERNAME (or set BITBUCKET_TOKEN instead)" }];
  if (settings.password)
    return [{ setting: "BITBUCKET_USERNAME", message: "BITBUCKET_USERNAME is required with BITBUCKET_PASSWORD (or set BITBUCKET_TOKEN instead)" }];
  return [
    {
      setting: "BITBUCKET_TOKEN",
      message: "BITBUCKET_TOKEN, or BITBUCKET_USERNAME with BITBUCKET_PASSWORD, is required to read Bitbucket",
    },
  ];
}
