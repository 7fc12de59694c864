import { beforeEach, describe, expect, it } from "vitest";
import { call, status, testEnv, tick, type TestEnv } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { credentials } from "../../fixtures/harbor/realistic.ts";
import { harness, runCycle } from "../harbor/support.ts";
import { act, deliver, SECRET, seedWithPolicies } from "../harbor/webhook-deliveries.ts";
import { captureLogs } from "../hostile/corpus.ts";

const logs = captureLogs();
beforeEach(() => clock.reset());

/** Every line the app logged while the test ran, parsed. */
const logged = () => logs.lines.flatMap((line) => (line.startsWith("{") ? [JSON.parse(line)] : []));
const issuesOf = async (env: TestEnv, plugin?: string) => {
  const s = await status(env);
  return (plugin ? s.plugins[plugin].settings.issues : s.settings.issues) as { setting: string; message: string }[];
};

describe("URL settings", () => {
  it("refuses HARBOR_URL=ftp://user:pass@host by name, and the password appears nowhere", async () => {
    const env = testEnv({ HARBOR_URL: "ftp://user:pass@harbor.example.com", HARBOR_USERNAME: "admin", HARBOR_PASSWORD: "Harbor12345", HARBOR_WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: "admin-token" });
    const issues = await issuesOf(env, "harbor");
    expect(issues).toEqual([
      { setting: "HARBOR_URL", message: expect.stringMatching(/^HARBOR_URL is invalid: must be an http:\/\/ or https:\/\/ URL; must not carry credentials/) },
    ]);
    const webhook = await call(env, "/webhooks/harbor", { method: "POST", headers: { authorization: SECRET }, body: "{}" });
    expect(webhook.status).toBe(503);
    await tick(env);
    const seen = [JSON.stringify(await status(env)), await webhook.text(), ...logs.lines];
    expect(logged().some((l) => l.event === "settings.invalid" && l.setting === "HARBOR_URL")).toBe(true);
    for (const text of seen) expect(text).not.toContain("pass");
  });

  it.each([
    ["HARBOR_URL", "https://admin:s3cret-in-url@harbor.example.com", /must not carry credentials/],
    ["OCEAN__INTEGRATION__CONFIG__HARBOR_URL", "https://harbor.example.com/?token=s3cret-in-url", /must not have a query string/],
    ["APP_HOST", "javascript:alert(1)", /must be an http:\/\/ or https:\/\/ URL/],
    ["OCEAN__BASE_URL", "file:///etc/passwd", /must be an http:\/\/ or https:\/\/ URL/],
  ])("refuses %s=%s by that name", async (name, value, reason) => {
    const url = name.endsWith("HARBOR_URL") ? {} : { HARBOR_URL: "https://harbor.example.com" };
    const env = testEnv({ ...url, HARBOR_USERNAME: "admin", HARBOR_PASSWORD: "Harbor12345", [name]: value });
    const issues = await issuesOf(env, "harbor");
    expect(issues).toEqual([{ setting: name, message: expect.stringMatching(reason) }]);
    expect(JSON.stringify(await status(env))).not.toContain("s3cret-in-url");
  });

  it.each([
    ["PORT_API_URL", "https://u:s3cret-in-url@api.getport.io/v1", /must not carry credentials/],
    ["OCEAN__PORT__BASE_URL", "https://api.getport.io/v1?access_token=s3cret-in-url", /must not have a query string/],
    ["BITBUCKET_HOST", "ssh://git@bitbucket.example.com", /must be an http:\/\/ or https:\/\/ URL/],
  ])("refuses %s by that name", async (name, value, reason) => {
    const env = testEnv({ PORT_CLIENT_ID: "id", PORT_CLIENT_SECRET: "secret", BITBUCKET_HOST: "https://bitbucket.example.com", BITBUCKET_TOKEN: "t0ken-value", [name]: value });
    if (name === "OCEAN__PORT__BASE_URL") delete env.PORT_API_URL;
    const s = await status(env);
    const issues = [...s.settings.issues, ...(s.plugins["bitbucket-gitops"].settings.issues ?? [])];
    expect(issues).toEqual([{ setting: name, message: expect.stringMatching(reason) }]);
    expect(JSON.stringify(s)).not.toContain("s3cret-in-url");
  });

  it("redacts user info and credential query parameters from URLs in logged errors", async () => {
    const { redactUrls } = await import("../../../src/log.ts");
    expect(redactUrls("GET failed: Fetch API cannot load: https://bob:hunter2@harbor.example.com/api/v2.0/x?page=2&token=abc&sig=x")).toBe(
      "GET failed: Fetch API cannot load: https://[redacted]@harbor.example.com/api/v2.0/x?page=2&token=[redacted]&sig=[redacted]",
    );
  });
});

describe("numeric settings", () => {
  const budgetIssue = async (value: string) =>
    (await issuesOf(testEnv({ RESYNC_SUBREQUEST_BUDGET: value }))).find((i) => i.setting === "RESYNC_SUBREQUEST_BUDGET")?.message;

  it.each(["0x20", "1e2", " 32 ", "32.5", "+32", "-5", "3_2"])("refuses RESYNC_SUBREQUEST_BUDGET=%j by name", async (value) => {
    expect(await budgetIssue(value)).toBe("RESYNC_SUBREQUEST_BUDGET is invalid: must be a whole number in decimal digits, such as 45");
  });

  it("caps RESYNC_SUBREQUEST_BUDGET at the Workers Paid maximum, saying so", async () => {
    expect(await budgetIssue("10001")).toBe(
      "RESYNC_SUBREQUEST_BUDGET is invalid: must be at most 10000 (the most one invocation may make on Workers Paid)",
    );
    expect(await budgetIssue("10000")).toBeUndefined();
    expect(await budgetIssue("32")).toBeUndefined();
    const timeBudget = (await issuesOf(testEnv({ RESYNC_TIME_BUDGET_MS: "3600000" }))).map((i) => i.message);
    expect(timeBudget).toEqual(["RESYNC_TIME_BUDGET_MS is invalid: must be at most 900000 (a cron invocation ends after 15 minutes)"]);
  });
});

describe("logging", () => {
  it("logs settings.invalid once per distinct problem, not on every request", async () => {
    const env = testEnv({ RESYNC_SUBREQUEST_BUDGET: "0x20" });
    for (let i = 0; i < 5; i++) await call(env, "/health");
    await status(env);
    const invalid = () => logged().filter((l) => l.event === "settings.invalid" && l.instance === env.PORTSIDE_INSTANCE);
    expect(invalid()).toHaveLength(1);
    // Another value with the same problem is no news; another problem is, and is logged once more.
    for (let i = 0; i < 3; i++) await call({ ...env, RESYNC_SUBREQUEST_BUDGET: "1e2" }, "/health");
    expect(invalid()).toHaveLength(1);
    const changed = { ...env, RESYNC_SUBREQUEST_BUDGET: "20000" };
    for (let i = 0; i < 3; i++) await call(changed, "/health");
    expect(invalid()).toHaveLength(2);
  });

  it("names webhook.applied and webhook.failed as such, with the webhook described beside", async () => {
    const h = await harness(seedWithPolicies);
    const env = h.env(credentials.admin, { HARBOR_WEBHOOK_SECRET: SECRET });
    await runCycle(env);
    const digest = `sha256:${"e1".repeat(32)}`;
    const [pushed] = await act(h.harbor, "push", { project: "team-a", repository: "team-a/service/api", digest, tags: ["logged"] });
    expect((await deliver(env, pushed!)).status).toBe(202);
    await h.harbor.faults([{ path: "^/api/v2\\.0/projects/", status: 503 }]);
    expect((await deliver(env, pushed!)).status).toBe(202);
    const events = logged().filter((l) => l.event === "webhook.applied" || l.event === "webhook.failed");
    expect(events).toEqual([
      expect.objectContaining({ level: "info", event: "webhook.applied", plugin: "harbor", webhook: expect.stringContaining("PUSH_ARTIFACT"), upserted: 2 }),
      expect.objectContaining({ level: "error", event: "webhook.failed", plugin: "harbor", webhook: expect.stringContaining("PUSH_ARTIFACT"), error: expect.stringContaining("503") }),
    ]);
  });
});
