import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { call, status, testEnv, tick } from "../support/app.ts";
import { clock } from "../support/clock.ts";
import { newFake, type FakeControl } from "../support/fakes.ts";

const harbor = { HARBOR_URL: "http://127.0.0.1:9", HARBOR_USERNAME: "admin" };

afterEach(() => vi.restoreAllMocks());

describe("settings that look like ours", () => {
  it("names a misspelt setting in /status, in the plugin's issue and in the log", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const s = await status(testEnv({ ...harbor, HARBOR_PASWORD: "Harbor12345" }));
    expect(s.settings.issues).toContainEqual({ setting: "HARBOR_PASWORD", message: "HARBOR_PASWORD: unknown setting — did you mean HARBOR_PASSWORD?" });
    expect(s.plugins.harbor.settings.issues).toEqual([
      {
        setting: "HARBOR_PASSWORD",
        message: expect.stringMatching(/^HARBOR_PASSWORD is required \(.+\); HARBOR_PASWORD: unknown setting — did you mean HARBOR_PASSWORD\?$/),
      },
    ]);
    const logged = warn.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(logged).toContainEqual(expect.objectContaining({ level: "warn", event: "settings.unknown", setting: "HARBOR_PASWORD", suggestion: "HARBOR_PASSWORD" }));
    // The value of the misspelt secret is not known to be one, but it is never printed by this report either.
    expect(JSON.stringify(s)).not.toContain("Harbor12345");
  });

  it("catches swapped letters, a wrong case and a core setting, and leaves unrelated names alone", async () => {
    const s = await status(
      testEnv({ ...harbor, HARBOR_PASSWORD: "x", harbor_webhook_secret: "s", RESYNC_INTERVAL_MINUETS: "5", HOSTNAME: "box", APP_HOME: "/srv", MY_SETTING: "1" }),
    );
    expect(s.settings.issues.map((i: { setting: string }) => i.setting).sort()).toEqual(["RESYNC_INTERVAL_MINUETS", "harbor_webhook_secret"]);
    expect(s.settings.issues).toContainEqual({ setting: "RESYNC_INTERVAL_MINUETS", message: "RESYNC_INTERVAL_MINUETS: unknown setting — did you mean RESYNC_INTERVAL_MINUTES?" });
    expect(s.plugins.harbor.enabled).toBe(true);
  });
});

describe("a plugin without its webhook secret", () => {
  it("is configured, with a warning in /status and on the status page", async () => {
    const env = testEnv({ ...harbor, HARBOR_PASSWORD: "x" });
    const s = await status(env);
    expect(s.plugins.harbor.settings.status).toBe("configured");
    expect(s.plugins.harbor.warnings).toEqual([
      "HARBOR_WEBHOOK_SECRET is not set: every webhook is refused, so changes reach the catalog only with the next resync cycle",
    ]);
    expect(await (await call(env, "/")).text()).toContain("HARBOR_WEBHOOK_SECRET is not set: every webhook is refused");
    const withSecret = await status(testEnv({ ...harbor, HARBOR_PASSWORD: "x", HARBOR_WEBHOOK_SECRET: "s" }));
    expect(withSecret.plugins.harbor.warnings).toEqual([]);
  });
});

describe("invalid Port settings", () => {
  it("make the status page say that nothing syncs and why, not that the next tick starts a cycle", async () => {
    const env = testEnv({ ...harbor, HARBOR_PASSWORD: "x", PORT_CLIENT_ID: "id" });
    await tick(env);
    const s = await status(env);
    expect(s.port.writesTo).toBe("nowhere");
    expect(s.plugins.harbor.cycle).toBeNull();
    const page = await (await call(env, "/")).text();
    expect(page).toContain("PORT_CLIENT_SECRET is required");
    expect(page).toContain("Nothing syncs: every tick stops at the invalid Port settings named above.");
    expect(page).not.toContain("the next cron tick starts one");
  });
});

describe("RESYNC_INTERVAL_MINUTES=0", () => {
  let source: FakeControl;

  beforeEach(async () => {
    clock.reset();
    source = await newFake("source");
    await source.seed({ kinds: { team: [{ slug: "core", name: "Core", members: [] }], service: [{ id: "svc-1", name: "S1", lang: "go", stars: 1, team: "core" }] } });
  });

  it("starts the next cycle at the tick after the last one ended", async () => {
    const env = testEnv({ SAMPLE_URL: source.url, RESYNC_INTERVAL_MINUTES: "0" });
    let s = await status(env);
    expect(s.settings.issues).toEqual([]);
    for (let i = 0; i < 10 && !s.plugins.sample.lastCycle; i++) {
      await tick(env);
      s = await status(env);
    }
    const first = s.plugins.sample.lastCycle;
    expect(first).not.toBeNull();
    await tick(env);
    s = await status(env);
    expect(s.plugins.sample.cycle ?? s.plugins.sample.lastCycle).toMatchObject({ reason: "schedule" });
    expect((s.plugins.sample.cycle ?? s.plugins.sample.lastCycle).id).not.toBe(first.id);
  });

  it("refuses a negative interval by name", async () => {
    const s = await status(testEnv({ RESYNC_INTERVAL_MINUTES: "-1" }));
    expect(s.settings.issues).toContainEqual({ setting: "RESYNC_INTERVAL_MINUTES", message: "RESYNC_INTERVAL_MINUTES is invalid: must be a whole number in decimal digits, such as 45" });
  });
});
