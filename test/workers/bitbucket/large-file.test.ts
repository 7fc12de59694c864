import { beforeEach, describe, expect, it } from "vitest";
import { status, tick, type TestEnv } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { expected } from "../../fixtures/bitbucket/gitops.ts";
import { deliver, errors, harness, identifiers, PLUGIN, resyncAgain, runCycle, type Harness } from "./support.ts";

let h: Harness;
let env: TestEnv;

/** A port.yaml of `n` services: about 60 bytes each, so 4,001 of them stay under the 256 KiB cap. */
const bigFile = (n: number, prefix = "bulk") =>
  Array.from({ length: n }, (_, i) => `- identifier: ${prefix}-${i}\n  title: B${i}\n  blueprint: service\n`).join("");
const bigIds = (n: number, prefix = "bulk") => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

// A cycle before every test: on a loaded machine it outlasts the default 10 s for hooks.
beforeEach(async () => {
  clock.reset();
  h = await harness();
  // The default budget of a free-plan tick, not the harness's roomy one.
  env = h.env({ RESYNC_SUBREQUEST_BUDGET: "45" });
  await runCycle(env);
}, 60_000);

describe("a port.yaml larger than one tick can write", () => {
  it("converges in a bounded number of ticks, every other repository synced and reconciled", async () => {
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": bigFile(1000) } });
    // Another repository drops an entity: only a reconciliation that ran deletes it.
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-09", files: { "port.yaml": null } });
    clock.advance(61 * 60_000);
    const ticks = await runCycle(env, 12);
    expect(ticks).toBeLessThanOrEqual(6);
    const s = await status(env);

    const service = await identifiers(h.port, "service");
    expect(service).toEqual([...expected.service.filter((id) => id !== "plat-svc-09"), ...bigIds(1000)].sort());
    expect(await identifiers(h.port, "team")).toEqual(expected.team);
    const [kind] = s.plugins[PLUGIN].lastCycle.reconcile.kinds;
    expect(kind).toMatchObject({ kind: "file", deleted: 1 });
    expect(kind.skipped).toBeUndefined();
    // The other pages' per-file errors are recorded too.
    expect((await errors(env)).map((e) => e.message)).toContainEqual("PLAT/svc-07: port.yaml: entity 0 (notitle): title: is required; entity skipped");
    expect(s.lastTick.outbound).toBeLessThanOrEqual(45);
  });

  it("moves forward on every tick while the large page is written, and deletes what a shrunk file dropped", async () => {
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": bigFile(1000) } });
    clock.advance(61 * 60_000);
    const progress: number[] = [];
    for (let i = 0; i < 12; i++) {
      await tick(env);
      progress.push((await identifiers(h.port, "service")).length);
      const s = await status(env);
      expect(s.lastTick.outbound).toBeLessThanOrEqual(45);
      if (s.plugins[PLUGIN].cycle === null) break;
    }
    expect((await status(env)).plugins[PLUGIN].cycle).toBeNull();
    // Every tick until the big file is in adds entities: none is spent redoing the same writes.
    const complete = progress.findIndex((n) => n === expected.service.length + 1000);
    expect(complete).toBeGreaterThan(0);
    for (let i = 1; i <= complete; i++) expect(progress[i]!, `tick ${i + 1}`).toBeGreaterThan(progress[i - 1]!);
    expect(await identifiers(h.port, "service")).toEqual([...expected.service, ...bigIds(1000)].sort());

    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": bigFile(600) } });
    await resyncAgain(env, 12);
    expect(await identifiers(h.port, "service")).toEqual([...expected.service, ...bigIds(600)].sort());
  });
});

describe("a signed push of a file too large for one invocation", () => {
  it("ends with every entity in Port: what the webhook could not write, the resync it hands over to does", async () => {
    const { deliveries } = await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": bigFile(4001) } });
    expect((await deliver(env, deliveries[0])).status).toBe(202);
    // No clock advance: the next cycle starts because the webhook handed its remainder over.
    for (let i = 0; i < 20; i++) {
      await tick(env);
      if ((await status(env)).plugins[PLUGIN].cycle === null) break;
    }
    const service = await identifiers(h.port, "service");
    expect(service).toEqual([...expected.service, ...bigIds(4001)].sort());
  });
});
