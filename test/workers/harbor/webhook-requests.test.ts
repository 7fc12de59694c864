import { beforeEach, expect, it } from "vitest";
import { clock } from "../../support/clock.ts";
import { credentials } from "../../fixtures/harbor/realistic.ts";
import { entities, harness, runCycle } from "./support.ts";
import { act, deliverAll, SECRET, seedWithPolicies } from "./webhook-deliveries.ts";

/**
 * What one push costs in Port once a cycle has finished: the blueprints are known to exist and the
 * entities' owners are known from the cycle, so only the two upserts remain (artifact, repository).
 */

const API = "team-a/service/api";
const NEW = `sha256:${"e4".repeat(32)}`;

beforeEach(() => clock.reset());

it("a Harbor push after a finished cycle makes 2 Port requests: the artifact and repository upserts", async () => {
  const h = await harness(seedWithPolicies);
  const env = h.env(credentials.admin, { HARBOR_WEBHOOK_SECRET: SECRET });
  await runCycle(env);
  await h.port.clearRequests();

  const pushed = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["3.0.0"] });
  expect(await deliverAll(env, pushed)).toEqual([202]);

  const requests = (await h.port.requests()).map((r) => `${r.method} ${r.path}`);
  expect(requests.sort()).toEqual(["POST /v1/blueprints/harborArtifact/entities/bulk", "POST /v1/blueprints/harborRepository/entities/bulk"]);
});

it("an artifact someone else put in Port before its push is still not written over: the create is refused and a search tells whose it is", async () => {
  const h = await harness(seedWithPolicies);
  const env = h.env(credentials.admin, { HARBOR_WEBHOOK_SECRET: SECRET });
  await runCycle(env);
  const identifier = `${API}@${NEW}`;
  const theirs = { identifier, blueprint: "harborArtifact", title: "hand-made", properties: {}, datasource: "port-ocean/harbor/0.1.0/other/exporter" };
  const state = await h.port.state();
  await h.port.seed({ blueprints: state.blueprints, entities: [...state.entities, theirs] });
  await h.port.clearRequests();

  const pushed = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["3.0.0"] });
  expect(await deliverAll(env, pushed)).toEqual([202]);

  const artifact = (await entities(h.port, "harborArtifact")).find((e) => e.identifier === identifier);
  expect(artifact).toMatchObject({ title: "hand-made", datasource: theirs.datasource });
  const requests = (await h.port.requests()).map((r) => `${r.method} ${r.path}`);
  expect(requests.sort()).toEqual([
    "POST /v1/blueprints/harborArtifact/entities/bulk",
    "POST /v1/blueprints/harborRepository/entities/bulk",
    "POST /v1/entities/search",
  ]);
});
