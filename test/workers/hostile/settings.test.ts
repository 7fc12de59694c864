import { beforeAll, describe, expect, it } from "vitest";
import { status, tick, type TestEnv } from "../../support/app.ts";
import { credentials } from "../../fixtures/harbor/realistic.ts";
import { harness, type Harness } from "../harbor/support.ts";
import { portWrites } from "../harbor/webhook-deliveries.ts";
import { captureLogs, expectNoSecrets } from "./corpus.ts";

/**
 * Hostile settings: each is refused by its name in /status and the log, never echoing a value,
 * and what it turns off writes nothing while everything else keeps working.
 */

interface Row {
  name: string;
  env: Record<string, string | undefined>;
  /** Where the problem is reported: the core's settings or a plugin's. */
  where: "core" | "harbor" | "bitbucket-gitops";
  setting: string;
  says: RegExp;
  /** none: the plugin or Port is off; some: the rest still syncs (a runtime setting fell back to its default). */
  writes: "none" | "some";
  /** Values of the row that must not be shown either. */
  hidden?: string[];
}

const bitbucket = { BITBUCKET_HOST: "https://bitbucket.example.com", BITBUCKET_TOKEN: "bb-token-not-shown" };

const rows: Row[] = [
  { name: "HARBOR_URL ftp with credentials", env: { HARBOR_URL: "ftp://user:hunter2-in-url@harbor.example.com" }, where: "harbor", setting: "HARBOR_URL", says: /must be an http:\/\/ or https:\/\/ URL; must not carry credentials/, writes: "none", hidden: ["hunter2-in-url"] },
  { name: "HARBOR_URL not a URL", env: { HARBOR_URL: "harbor dot example" }, where: "harbor", setting: "HARBOR_URL", says: /must be an absolute URL/, writes: "none" },
  { name: "HARBOR_URL with user info", env: { HARBOR_URL: "https://admin:pw-in-url-1@harbor.example.com" }, where: "harbor", setting: "HARBOR_URL", says: /must not carry credentials/, writes: "none", hidden: ["pw-in-url-1"] },
  { name: "HARBOR_URL with a token in the query", env: { HARBOR_URL: "https://harbor.example.com/?token=tok-in-query-1" }, where: "harbor", setting: "HARBOR_URL", says: /must not have a query string/, writes: "none", hidden: ["tok-in-query-1"] },
  { name: "Ocean's HARBOR_URL alias as gopher", env: { HARBOR_URL: undefined, OCEAN__INTEGRATION__CONFIG__HARBOR_URL: "gopher://harbor.example.com" }, where: "harbor", setting: "OCEAN__INTEGRATION__CONFIG__HARBOR_URL", says: /must be an http:\/\/ or https:\/\/ URL/, writes: "none" },
  { name: "APP_HOST javascript:", env: { APP_HOST: "javascript:alert(1)" }, where: "harbor", setting: "APP_HOST", says: /must be an http:\/\/ or https:\/\/ URL/, writes: "none" },
  { name: "HARBOR_PASSWORD missing", env: { HARBOR_PASSWORD: undefined }, where: "harbor", setting: "HARBOR_PASSWORD", says: /HARBOR_PASSWORD is required/, writes: "none" },
  { name: "HARBOR_USERNAME missing", env: { HARBOR_USERNAME: undefined }, where: "harbor", setting: "HARBOR_USERNAME", says: /HARBOR_USERNAME is required/, writes: "none" },
  { name: "HARBOR_PASSWORD misspelt", env: { HARBOR_PASSWORD: undefined, HARBOR_PASWORD: "typo-secret-value" }, where: "harbor", setting: "HARBOR_PASSWORD", says: /HARBOR_PASSWORD is required/, writes: "none", hidden: ["typo-secret-value"] },
  { name: "PORT_CLIENT_SECRET missing", env: { PORT_CLIENT_SECRET: undefined }, where: "core", setting: "PORT_CLIENT_SECRET", says: /PORT_CLIENT_SECRET is required/, writes: "none" },
  { name: "PORT_API_URL with user info", env: { PORT_API_URL: "https://id:pw-in-port-url@api.getport.io/v1" }, where: "core", setting: "PORT_API_URL", says: /must not carry credentials/, writes: "none", hidden: ["pw-in-port-url"] },
  { name: "PORT_API_URL ftp", env: { PORT_API_URL: "ftp://api.getport.io/v1" }, where: "core", setting: "PORT_API_URL", says: /must be an http:\/\/ or https:\/\/ URL/, writes: "none" },
  { name: "RESYNC_SUBREQUEST_BUDGET hexadecimal", env: { RESYNC_SUBREQUEST_BUDGET: "0x20" }, where: "core", setting: "RESYNC_SUBREQUEST_BUDGET", says: /must be a whole number in decimal digits/, writes: "some" },
  { name: "RESYNC_SUBREQUEST_BUDGET exponent", env: { RESYNC_SUBREQUEST_BUDGET: "1e2" }, where: "core", setting: "RESYNC_SUBREQUEST_BUDGET", says: /must be a whole number in decimal digits/, writes: "some" },
  { name: "RESYNC_SUBREQUEST_BUDGET padded", env: { RESYNC_SUBREQUEST_BUDGET: " 32 " }, where: "core", setting: "RESYNC_SUBREQUEST_BUDGET", says: /must be a whole number in decimal digits/, writes: "some" },
  { name: "RESYNC_SUBREQUEST_BUDGET over the plan", env: { RESYNC_SUBREQUEST_BUDGET: "20000" }, where: "core", setting: "RESYNC_SUBREQUEST_BUDGET", says: /must be at most 10000 \(the most one invocation may make on Workers Paid\)/, writes: "some" },
  { name: "RESYNC_SUBREQUEST_BUDGET below the minimum", env: { RESYNC_SUBREQUEST_BUDGET: "3" }, where: "core", setting: "RESYNC_SUBREQUEST_BUDGET", says: /must be at least 5/, writes: "some" },
  { name: "RESYNC_TIME_BUDGET_MS negative", env: { RESYNC_TIME_BUDGET_MS: "-1" }, where: "core", setting: "RESYNC_TIME_BUDGET_MS", says: /must be a whole number in decimal digits/, writes: "some" },
  { name: "PORT_INTEGRATION_IDENTIFIER with spaces", env: { PORT_INTEGRATION_IDENTIFIER: "my integration" }, where: "core", setting: "PORT_INTEGRATION_IDENTIFIER", says: /must be a valid Port identifier/, writes: "some" },
  { name: "BITBUCKET_USERNAME without a password", env: { BITBUCKET_HOST: bitbucket.BITBUCKET_HOST, BITBUCKET_USERNAME: "portside" }, where: "bitbucket-gitops", setting: "BITBUCKET_PASSWORD", says: /BITBUCKET_PASSWORD is required with BITBUCKET_USERNAME/, writes: "some" },
  { name: "BITBUCKET_PASSWORD without a user", env: { BITBUCKET_HOST: bitbucket.BITBUCKET_HOST, BITBUCKET_PASSWORD: "bb-password-not-shown" }, where: "bitbucket-gitops", setting: "BITBUCKET_USERNAME", says: /BITBUCKET_USERNAME is required with BITBUCKET_PASSWORD/, writes: "some", hidden: ["bb-password-not-shown"] },
  { name: "BITBUCKET_HOST ssh", env: { ...bitbucket, BITBUCKET_HOST: "ssh://git@bitbucket.example.com:7999" }, where: "bitbucket-gitops", setting: "BITBUCKET_HOST", says: /must be an http:\/\/ or https:\/\/ URL/, writes: "some", hidden: [bitbucket.BITBUCKET_TOKEN] },
  { name: "BITBUCKET_PROJECTS_FILTER not keys", env: { ...bitbucket, BITBUCKET_PROJECTS_FILTER: "PLAT; DROP TABLE" }, where: "bitbucket-gitops", setting: "BITBUCKET_PROJECTS_FILTER", says: /must be comma-separated project keys/, writes: "some", hidden: [bitbucket.BITBUCKET_TOKEN] },
];

let h: Harness;
const logs = captureLogs();

beforeAll(async () => {
  h = await harness();
});

describe("hostile settings", () => {
  it.each(rows.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    const env: TestEnv = { ...h.env(credentials.admin), ...row.env };
    for (const [name, value] of Object.entries(row.env)) if (value === undefined) delete env[name];
    // Each row is its own deployment (PORTSIDE_INSTANCE), so what an earlier row wrote is another
    // writer's and rightly left alone: every row starts from an empty Port, as a first install does.
    await h.port.seed({});
    await h.port.clearRequests();
    const s = await status(env);
    const issues = row.where === "core" ? s.settings.issues : s.plugins[row.where].settings.issues;
    expect(issues).toEqual(expect.arrayContaining([{ setting: row.setting, message: expect.stringMatching(row.says) }]));
    expect(logs.lines.some((l) => l.includes('"event":"settings.invalid"') && l.includes(`"setting":"${row.setting}"`))).toBe(true);

    await tick(env);
    const writes = await portWrites(h.port);
    if (row.writes === "none") expect(writes).toBe(0);
    else expect(writes).toBeGreaterThan(0);
    expectNoSecrets([JSON.stringify(await status(env)), ...logs.lines], row.hidden);
  });
});
