import { beforeEach, describe, expect, it } from "vitest";
import { status, type TestEnv } from "../../support/app.ts";
import { deliver, entities, errors, identifiers, PLUGIN, resyncAgain, type Harness, syncedHarness } from "./support.ts";

let h: Harness;
let env: TestEnv;

// A synced catalog before every test: on a loaded machine it outlasts the default 10 s for hooks.
beforeEach(async () => ({ h, env } = await syncedHarness()), 60_000);

const title = async (id: string) => (await entities(h.port, "service")).find((e) => e.identifier === id)?.title;

describe("two repositories declaring one identifier", () => {
  // PLAT/svc-01 has declared payments-api all along; PLAT/svc-04 (listed after it) starts declaring it too.
  const copy = "identifier: payments-api\ntitle: Impostor\nblueprint: service\n";

  it("keeps the repository that declared it first, cycle after cycle, and reports the conflict by both repositories", async () => {
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": copy } });
    for (let cycle = 0; cycle < 3; cycle++) await resyncAgain(env);
    expect(await title("payments-api")).toBe("payments-api service");

    const conflicts = (await status(env)).plugins[PLUGIN].conflicts;
    expect(conflicts).toEqual([
      expect.objectContaining({ kind: "file", identifier: "payments-api", blueprint: "service", keptBy: "PLAT/svc-01: port.yaml", alsoDeclaredBy: ["PLAT/svc-04: port.yaml"] }),
    ]);
    expect((await errors(env)).map((e) => e.message)).toContainEqual(
      'conflict: PLAT/svc-04: port.yaml declares service "payments-api", which PLAT/svc-01: port.yaml declared first; PLAT/svc-01: port.yaml keeps it',
    );
  });

  it("keeps the earlier declaration even when the later one is listed first, and writes it back", async () => {
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": "identifier: early\ntitle: From svc-04\nblueprint: service\n" } });
    await resyncAgain(env);
    // PLAT/svc-01 is listed before svc-04 and now declares the same identifier.
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-01", files: { "port.yaml": "- identifier: payments-api\n  title: payments-api service\n  blueprint: service\n- identifier: early\n  title: From svc-01\n  blueprint: service\n" } });
    await resyncAgain(env);
    await resyncAgain(env);
    expect(await title("early")).toBe("From svc-04");
    expect((await status(env)).plugins[PLUGIN].conflicts).toEqual([
      expect.objectContaining({ identifier: "early", keptBy: "PLAT/svc-04: port.yaml", alsoDeclaredBy: ["PLAT/svc-01: port.yaml"] }),
    ]);
  });

  it("never lets a push of the repository that lost delete or overwrite the entity", async () => {
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": copy } });
    await resyncAgain(env);
    await resyncAgain(env);
    const edit = await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": copy.replace("Impostor", "Impostor v2") } });
    await deliver(env, edit.deliveries[0]);
    expect(await title("payments-api")).toBe("payments-api service");
    const drop = await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": null } });
    await deliver(env, drop.deliveries[0]);
    expect(await identifiers(h.port, "service")).toContain("payments-api");
    await resyncAgain(env);
    expect(await title("payments-api")).toBe("payments-api service");
    expect((await status(env)).plugins[PLUGIN].conflicts).toEqual([]);
  });
});
