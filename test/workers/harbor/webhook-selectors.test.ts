import { beforeEach, describe, expect, it } from "vitest";
import defaultConfig from "../../../plugins/harbor/defaults/port-app-config.yml" with { type: "text" };
import type { TestEnv } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { credentials, digests } from "../../fixtures/harbor/realistic.ts";
import { entities, harness, identifiers, runCycle, type Harness } from "./support.ts";
import { act, deliverAll, SECRET, seedWithPolicies } from "./webhook-deliveries.ts";

/**
 * Webhooks apply the same typed selectors as the resync: an artifact or repository that no
 * resource of its kind admits is deleted, not upserted, as Ocean does with live events.
 */

const API = "team-a/service/api";
const NEW = `sha256:${"e1".repeat(32)}`;
const OTHER = `sha256:${"e2".repeat(32)}`;

/** The default mapping with typed selector lines (`key: value`) set for one kind. */
function configWith(kind: "artifact" | "repository", lines: string[]): string {
  const start = defaultConfig.indexOf(`  - kind: ${kind}\n    selector:\n`);
  const end = defaultConfig.indexOf("    port:", start);
  expect([start, end].every((i) => i > 0)).toBe(true);
  let selector = defaultConfig.slice(start, end);
  for (const line of lines) {
    const existing = new RegExp(`^      ${line.split(":")[0]}:.*\\n`, "m");
    selector = existing.test(selector) ? selector.replace(existing, `      ${line}\n`) : `${selector}      ${line}\n`;
  }
  return defaultConfig.slice(0, start) + selector + defaultConfig.slice(end);
}

let h: Harness;
let env: TestEnv;

beforeEach(async () => {
  clock.reset();
  h = await harness(seedWithPolicies);
  // The catalog a default resync made: every artifact and repository is present.
  env = h.env(credentials.admin, { HARBOR_WEBHOOK_SECRET: SECRET });
  await runCycle(env);
});

const artifact = async (identifier: string) => (await entities(h.port, "harborArtifact")).find((e) => e.identifier === identifier);

describe("the artifact tag selector", () => {
  it("keeps a pushed artifact without the tag out of Port, and lets one carrying it in", async () => {
    const latest = { ...env, HARBOR_PORT_APP_CONFIG: configWith("artifact", ["tag: latest"]) };
    const excluded = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["2.0.0"] });
    const included = await act(h.harbor, "push", { project: "team-a", repository: API, digest: OTHER, tags: ["latest"] });
    expect(await deliverAll(latest, [...excluded, ...included])).toEqual([202, 202]);
    expect(await artifact(`${API}@${NEW}`)).toBeUndefined();
    expect(await artifact(`${API}@${OTHER}`)).toMatchObject({ properties: { tags: ["latest"] } });
  });

  it("deletes an artifact already in Port that the selector now excludes", async () => {
    const latest = { ...env, HARBOR_PORT_APP_CONFIG: configWith("artifact", ["tag: latest"]) };
    expect(await artifact(`${API}@${digests.promoted}`)).toBeDefined();
    const pulled = await act(h.harbor, "pull", { project: "team-a", repository: API, digest: digests.promoted });
    const kept = await act(h.harbor, "pull", { project: "prod-web", repository: "prod-web/frontend", tag: "latest" });
    expect(await deliverAll(latest, [...pulled, ...kept])).toEqual([202, 202]);
    expect(await artifact(`${API}@${digests.promoted}`)).toBeUndefined();
    expect(await artifact(`prod-web/frontend@${digests.frontend}`)).toBeDefined();
    // The same digest elsewhere is another artifact, which this event did not name.
    expect(await artifact(`prod-payments/api@${digests.promoted}`)).toBeDefined();
  });
});

describe("withScanOverview and withTag", () => {
  it("withScanOverview: false reads the artifact back without its scan overview", async () => {
    const noScans = { ...env, HARBOR_PORT_APP_CONFIG: configWith("artifact", ["withScanOverview: false"]) };
    expect((await artifact(`library/nginx@${digests.nginxLatest}`)).properties.scanOverview).not.toBeNull();
    await h.harbor.clearRequests();
    const pulled = await act(h.harbor, "pull", { project: "library", repository: "library/nginx", tag: "latest" });
    expect(await deliverAll(noScans, pulled)).toEqual([202]);
    expect((await artifact(`library/nginx@${digests.nginxLatest}`)).properties).toMatchObject({ scanOverview: null, tags: ["latest", "1.25"] });
    const reads = (await h.harbor.requests()).filter((r) => r.path.endsWith(`/artifacts/${encodeURIComponent(digests.nginxLatest)}`));
    expect(reads.map((r) => new URLSearchParams(r.query).get("with_scan_overview"))).toEqual(["false"]);
  });

  it("withTag: false leaves the tags out", async () => {
    const noTags = { ...env, HARBOR_PORT_APP_CONFIG: configWith("artifact", ["withTag: false"]) };
    const pushed = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["2.0.0"] });
    expect(await deliverAll(noTags, pushed)).toEqual([202]);
    expect((await artifact(`${API}@${NEW}`)).properties.tags).toEqual([]);
  });
});

describe("repository selectors", () => {
  it.each([["projectName: library"], ["nameStartsWith: nginx"], ["nameContains: worker"]])(
    "%s: an event in an excluded repository deletes it instead of refreshing it",
    async (selector) => {
      const narrow = { ...env, HARBOR_PORT_APP_CONFIG: configWith("repository", [selector]) };
      expect(await identifiers(h.port, "harborRepository")).toContain(API);
      const pulled = await act(h.harbor, "pull", { project: "team-a", repository: API, digest: digests.promoted });
      expect(await deliverAll(narrow, pulled)).toEqual([202]);
      expect(await identifiers(h.port, "harborRepository")).not.toContain(API);
    },
  );

  it("an event in an admitted repository refreshes it", async () => {
    const narrow = { ...env, HARBOR_PORT_APP_CONFIG: configWith("repository", ["projectName: library", "nameStartsWith: ngi"]) };
    const pulled = await act(h.harbor, "pull", { project: "library", repository: "library/nginx", tag: "latest" });
    expect(await deliverAll(narrow, pulled)).toEqual([202]);
    const nginx = (await entities(h.port, "harborRepository")).find((e) => e.identifier === "library/nginx");
    expect(nginx.properties.pullCount).toBe(43);
  });
});
