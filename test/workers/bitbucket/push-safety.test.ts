import { beforeEach, describe, expect, it } from "vitest";
import type { TestEnv } from "../../support/app.ts";
import { expected } from "../../fixtures/bitbucket/gitops.ts";
import { deliver, entities, identifiers, WEBHOOK_SECRET, type Delivery, type Harness, syncedHarness } from "./support.ts";

let h: Harness;
let env: TestEnv;

// A synced catalog before every test: on a loaded machine it outlasts the default 10 s for hooks.
beforeEach(async () => ({ h, env } = await syncedHarness()), 60_000);

async function push(body: Record<string, unknown>): Promise<Delivery> {
  const result = await h.bitbucket.action("push", body);
  return result.deliveries[0];
}

/** The same delivery with a changed body, signed again with the webhook's secret (an authentic but odd event). */
async function resigned(delivery: Delivery, edit: (body: any) => void): Promise<Delivery> {
  const body = JSON.parse(delivery.body);
  edit(body);
  const text = JSON.stringify(body);
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(WEBHOOK_SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text)));
  const signature = `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, k.toLowerCase() === "x-hub-signature" ? signature : v]));
  return { ...delivery, headers, body: text };
}

describe("a push whose commit does not exist", () => {
  it("deletes nothing: only a file proven absent at an existing commit removes entities", async () => {
    // A real push to learn the shape and the current head, then the same event naming a commit Bitbucket never had.
    const real = await push({ project: "PLAT", repo: "svc-02", files: { "README.md": "touch\n" } });
    const missing = await resigned(real, (body) => {
      body.changes[0].fromHash = body.changes[0].toHash;
      body.changes[0].toHash = "f".repeat(40);
    });
    expect((await deliver(env, missing)).status).toBe(202);
    expect(await identifiers(h.port, "service")).toEqual(expected.service);
    expect(await identifiers(h.port, "team")).toEqual(expected.team);
  });

  it("still deletes what a push really removed from the file", async () => {
    await deliver(env, await push({ project: "PLAT", repo: "svc-02", files: { "port.yaml": null } }));
    const service = await identifiers(h.port, "service");
    expect(service).not.toContain("ledger");
    expect(service).not.toContain("ledger-worker");
  });
});

describe("late and replayed pushes", () => {
  const version = (title: string) => `identifier: ledger\ntitle: ${title}\nblueprint: service\n`;

  it("leave the newest content of the default branch when an older push arrives last", async () => {
    const first = await push({ project: "PLAT", repo: "svc-02", files: { "port.yaml": version("Ledger v2") } });
    const second = await push({ project: "PLAT", repo: "svc-02", files: { "port.yaml": version("Ledger v3") } });
    await deliver(env, second);
    expect((await entities(h.port, "service")).find((e) => e.identifier === "ledger").title).toBe("Ledger v3");

    // The first delivery, late (a retry) and then replayed once more.
    await deliver(env, first);
    await deliver(env, first);
    expect((await entities(h.port, "service")).find((e) => e.identifier === "ledger").title).toBe("Ledger v3");
  });

  it("do not bring back an entity a newer push removed", async () => {
    const added = await push({ project: "PLAT", repo: "svc-04", files: { "port.yaml": "identifier: fresh\ntitle: Fresh\nblueprint: service\n" } });
    const removed = await push({ project: "PLAT", repo: "svc-04", files: { "port.yaml": null } });
    await deliver(env, removed);
    await deliver(env, added);
    expect(await identifiers(h.port, "service")).not.toContain("fresh");
  });
});
