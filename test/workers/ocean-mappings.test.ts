import { beforeEach, expect, it } from "vitest";
import { status, type TestEnv } from "../support/app.ts";
import { clock } from "../support/clock.ts";
import type { FakeControl } from "../support/fakes.ts";
import { credentials as harborCredentials } from "../fixtures/harbor/realistic.ts";
import * as harbor from "./harbor/support.ts";
import * as bitbucket from "./bitbucket/support.ts";
import { describeEngines } from "./mapping/support.ts";

import jfrogConfig from "../fixtures/ocean-mappings/jfrog-harbor/port-app-config.yml?raw";
import jfrogBlueprints from "../fixtures/ocean-mappings/jfrog-harbor/blueprints.json";
import jfrogSeed from "../fixtures/ocean-mappings/jfrog-harbor/seed.json";
import jfrogExpected from "../fixtures/ocean-mappings/jfrog-harbor/expected.json";
import oceanHarborConfig from "../fixtures/ocean-mappings/ocean-harbor/port-app-config.yml?raw";
import oceanHarborBlueprints from "../fixtures/ocean-mappings/ocean-harbor/blueprints.json";
import oceanHarborSeed from "../fixtures/ocean-mappings/ocean-harbor/seed.json";
import oceanHarborExpected from "../fixtures/ocean-mappings/ocean-harbor/expected.json";
import fileConfig from "../fixtures/ocean-mappings/bitbucket-file/port-app-config.yml?raw";
import fileBlueprints from "../fixtures/ocean-mappings/bitbucket-file/blueprints.json";
import fileSeed from "../fixtures/ocean-mappings/bitbucket-file/seed.json";
import fileExpected from "../fixtures/ocean-mappings/bitbucket-file/expected.json";
import serverConfig from "../fixtures/ocean-mappings/ocean-bitbucket-server/port-app-config.yml?raw";
import serverBlueprints from "../fixtures/ocean-mappings/ocean-bitbucket-server/blueprints.json";
import serverSeed from "../fixtures/ocean-mappings/ocean-bitbucket-server/seed.json";
import serverExpected from "../fixtures/ocean-mappings/ocean-bitbucket-server/expected.json";
import { seed as gitopsSeed } from "../fixtures/bitbucket/gitops.ts";

/**
 * Real mapping files of Ocean integrations, rewritten for Harbor and Bitbucket fields, run end to
 * end: the file is the plugin's setting, the blueprints it needs exist in Port (they are user
 * mappings: nothing creates them), and after one full cycle Port holds exactly the entities
 * written out by hand in each fixture's expected.json.
 */

interface Expected {
  resources: { index: number; kind: string; filtered: number }[];
  entities: Record<string, unknown>[];
}

const FIELDS = ["identifier", "blueprint", "title", "icon", "team", "properties", "relations"] as const;

const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const ka = `${a.blueprint} ${a.identifier}`;
  const kb = `${b.blueprint} ${b.identifier}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** Every entity in the fake Port, reduced to what a mapping decides, in a stable order. */
async function catalog(port: FakeControl): Promise<Record<string, unknown>[]> {
  const state = await port.state();
  return (state.entities as Record<string, unknown>[])
    .map((e) => Object.fromEntries(FIELDS.map((field) => [field, e[field]])))
    .sort(byKey);
}

/** The mapping in force is the setting, nothing was refused, and the cycle recorded no error. */
async function expectCleanCycle(env: TestEnv, plugin: string, setting: string, expected: Expected) {
  const s = (await status(env)).plugins[plugin];
  expect(s.mapping).toMatchObject({ source: "setting", origin: setting, refused: null, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(s.errors).toEqual([]);
  const resources = [...s.lastCycle.resources].sort((a: any, b: any) => a.index - b.index);
  expect(
    resources.map((r: any) => ({ index: r.index, kind: r.kind, status: r.status, failed: r.failed, skipped: r.skipped, itemErrors: r.itemErrors, filtered: r.filtered })),
  ).toEqual(expected.resources.map((r) => ({ ...r, status: "done", failed: 0, skipped: 0, itemErrors: 0 })));
}

beforeEach(() => clock.reset());

describeEngines("Ocean mapping files on Harbor", () => {
  async function runHarbor(seed: unknown, blueprints: unknown[], config: string) {
    const h = await harbor.harness(seed);
    await h.port.seed({ blueprints });
    const env = h.env(harborCredentials.admin, { HARBOR_PORT_APP_CONFIG: config });
    await harbor.runCycle(env);
    return { env, port: h.port };
  }

  it("JFrog's repository, dockerImage and vulnerability kinds, rewritten for Harbor", async () => {
    const expected = jfrogExpected as Expected;
    const { env, port } = await runHarbor(jfrogSeed, jfrogBlueprints, jfrogConfig);
    expect(await catalog(port)).toEqual([...expected.entities].sort(byKey));
    await expectCleanCycle(env, "harbor", "HARBOR_PORT_APP_CONFIG", expected);
  });

  it("Ocean's Harbor integration mapping with its documented artifact mapping, selectors and vulnerability counts", async () => {
    const expected = oceanHarborExpected as Expected;
    const { env, port } = await runHarbor(oceanHarborSeed, oceanHarborBlueprints, oceanHarborConfig);
    expect(await catalog(port)).toEqual([...expected.entities].sort(byKey));
    await expectCleanCycle(env, "harbor", "HARBOR_PORT_APP_CONFIG", expected);
  });
});

describeEngines("Ocean mapping files on Bitbucket", () => {
  it("Bitbucket Cloud's file kind: itemsToParse over port.yaml, selectors on each element, relations and team from the file", async () => {
    const expected = fileExpected as Expected;
    // The fixture's projects, with the gitops fixture's account and the webhooks of PLAT, PAY and OPS.
    const h = await bitbucket.harness({ ...fileSeed, users: gitopsSeed.users, webhooks: bitbucket.hooks() });
    await h.port.seed({ blueprints: fileBlueprints });
    const env = h.env({ BITBUCKET_GITOPS_PORT_APP_CONFIG: fileConfig });
    await bitbucket.runCycle(env);
    expect(await catalog(h.port)).toEqual([...expected.entities].sort(byKey));
    await expectCleanCycle(env, bitbucket.PLUGIN, "BITBUCKET_GITOPS_PORT_APP_CONFIG", expected);
  });

  it("Ocean's bitbucket-server mapping, unchanged: projects, repositories, open pull requests and users with its identifiers and dates", async () => {
    const expected = serverExpected as Expected;
    const h = await bitbucket.harness({ ...serverSeed, users: [...gitopsSeed.users, ...serverSeed.users] });
    await h.port.seed({ blueprints: serverBlueprints });
    const env = h.env({ BITBUCKET_GITOPS_PORT_APP_CONFIG: serverConfig });
    await bitbucket.runCycle(env);
    // Links and commit ids are the fake's: fill them into the hand-written entities.
    const state = await h.bitbucket.state();
    const heads = new Map<string, string>();
    for (const p of state.projects) for (const r of p.repos) for (const [branch, sha] of Object.entries<string>(r.branches)) heads.set(`${p.key}/${r.slug}:${branch}`, sha);
    const filled = JSON.parse(
      JSON.stringify(expected.entities).replace(/\$\{([^}]+)\}/g, (_, name: string) => (name === "bitbucket" ? h.bitbucket.url : heads.get(name) ?? `unknown ${name}`)),
    );
    expect(await catalog(h.port)).toEqual(filled.sort(byKey));
    await expectCleanCycle(env, bitbucket.PLUGIN, "BITBUCKET_GITOPS_PORT_APP_CONFIG", expected);
  });
});
