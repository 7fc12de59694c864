import { expect, it } from "vitest";
import { status, tick } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { expected } from "../../fixtures/bitbucket/gitops.ts";
import { errors, harness, identifiers, PLUGIN, runCycle } from "./support.ts";

// A page of ten repositories needs a project listing and ten file reads: more than a tick of 5 may
// make. Redoing it every tick would hold the cycle (and every later kind) on that page for ever.
it("fails a page that cannot fit a whole tick with what to change, and the cycle goes on, deleting nothing", async () => {
  clock.reset();
  const h = await harness();
  const env = h.env({ RESYNC_SUBREQUEST_BUDGET: "45" });
  await runCycle(env);
  const before = await identifiers(h.port, "service");
  expect(before).toEqual(expected.service);

  const tight = { ...env, RESYNC_SUBREQUEST_BUDGET: "5" };
  clock.advance(61 * 60_000);
  for (let i = 0; i < 30; i++) {
    await tick(tight);
    const now = await status(tight);
    expect(now.lastTick.outbound).toBeLessThanOrEqual(5);
    if (now.plugins[PLUGIN].cycle === null) break;
  }
  const s = await status(tight);
  expect(s.plugins[PLUGIN].cycle, "the cycle finished instead of stalling on one page").toBeNull();
  expect((await errors(tight)).map((e) => e.message)).toContainEqual(
    expect.stringMatching(/^page \d+ of file cannot fit a tick: a page needs more than the 5 outbound requests a tick may make: .*raise RESYNC_SUBREQUEST_BUDGET$/),
  );
  const file = s.plugins[PLUGIN].lastCycle.reconcile.kinds.find((k: { kind: string }) => k.kind === "file");
  expect(file.deleted ?? 0).toBe(0);
  expect(await identifiers(h.port, "service")).toEqual(before);
}, 120_000);
