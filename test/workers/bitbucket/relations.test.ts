import { beforeEach, describe, expect, it } from "vitest";
import type { TestEnv } from "../../support/app.ts";
import { expected } from "../../fixtures/bitbucket/gitops.ts";
import { entities, identifiers, resyncAgain, type Harness, syncedHarness } from "./support.ts";

let h: Harness;
let env: TestEnv;

// A synced catalog before every test: on a loaded machine it outlasts the default 10 s for hooks.
beforeEach(async () => ({ h, env } = await syncedHarness()), 60_000);

const SOURCE = "identifier: billing\ntitle: Billing\nblueprint: service\nrelations:\n  owner: finance\n";

describe("a relation to a target no file declares yet", () => {
  it("keeps Port's placeholder target and the relation through reconciliation, until the target is declared", async () => {
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": SOURCE } });
    await resyncAgain(env);
    // createMissingRelatedEntities made Port create "finance" as a bare placeholder, written by portside.
    expect(await identifiers(h.port, "team")).toEqual([...expected.team, "finance"].sort());

    // The next cycles find the placeholder owned and not produced by any file: it must stay, every time.
    for (let cycle = 0; cycle < 3; cycle++) {
      await resyncAgain(env);
      expect(await identifiers(h.port, "team"), `cycle ${cycle}`).toContain("finance");
      expect((await entities(h.port, "service")).find((e) => e.identifier === "billing")?.relations, `cycle ${cycle}`).toMatchObject({ owner: "finance" });
    }

    // Declared later in another repository, the target gets its content; the relation holds.
    await h.bitbucket.action("push", { project: "PAY", repo: "checkout", files: { "port.yaml": "- identifier: checkout\n  title: checkout service\n  blueprint: service\n- identifier: finance\n  title: Finance\n  blueprint: team\n" } });
    await resyncAgain(env);
    expect((await entities(h.port, "team")).find((e) => e.identifier === "finance")?.title).toBe("Finance");
    expect((await entities(h.port, "service")).find((e) => e.identifier === "billing")?.relations).toMatchObject({ owner: "finance" });
  });

  it("deletes the placeholder once nothing points at it any more", async () => {
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": SOURCE } });
    await resyncAgain(env);
    // Pointed at a declared team instead (with enableMergeEntity a dropped relation key stays in Port, so it is re-pointed).
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": SOURCE.replace("finance", "payments") } });
    await resyncAgain(env);
    expect(await identifiers(h.port, "team")).toEqual(expected.team);
    expect((await entities(h.port, "service")).find((e) => e.identifier === "billing")?.relations).toMatchObject({ owner: "payments" });
  });
});
