import { afterAll, beforeAll, expect, it } from "vitest";
import { startHub } from "../hub.ts";
import type { Served } from "../serve.ts";

let hub: Served;
beforeAll(async () => void (hub = await startHub()));
afterAll(() => hub.close());

it("starts through the hub by name, takes options by action, and links to its own origin", async () => {
  const res = await fetch(`${hub.url}/new/bitbucket`, { method: "POST", body: "{}" });
  const { url } = (await res.json()) as { url: string };
  const configured = await fetch(`${url}/_fake/action/configure`, {
    method: "POST",
    body: JSON.stringify({ contextPath: "/bitbucket", deliver: "return" }),
  });
  expect(configured.status).toBe(200);
  const seeded = await fetch(`${url}/_fake/seed`, {
    method: "POST",
    body: JSON.stringify({
      users: [{ name: "svc", password: "pw" }],
      projects: [{ key: "PLAT", repos: [{ slug: "api", files: { "port.yaml": "a: 1\n" } }] }],
    }),
  });
  expect(seeded.status).toBe(200);
  const auth = { authorization: `Basic ${btoa("svc:pw")}` };
  const repo = (await (await fetch(`${url}/bitbucket/rest/api/1.0/projects/PLAT/repos/api`, { headers: auth })).json()) as any;
  expect(repo.links.self[0].href).toBe(`${url}/bitbucket/projects/PLAT/repos/api/browse`);
  const raw = await fetch(`${url}/bitbucket/rest/api/1.0/projects/PLAT/repos/api/raw/port.yaml`, { headers: auth });
  expect(await raw.text()).toBe("a: 1\n");
  const log = (await (await fetch(`${url}/_fake/requests`)).json()) as { path: string; status: number }[];
  expect(log.map((r) => r.status)).toEqual([200, 200]);
  const hooked = await fetch(`${url}/bitbucket/rest/api/1.0/projects/PLAT/webhooks`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ name: "app", url: "https://app.example/hook", events: ["repo:refs_changed"] }),
  });
  expect(hooked.status).toBe(200);
  const pushed = await fetch(`${url}/_fake/action/push`, {
    method: "POST",
    body: JSON.stringify({ project: "PLAT", repo: "api", files: { "port.yaml": "a: 2\n" } }),
  });
  const { deliveries } = (await pushed.json()) as { deliveries: { url: string; body: string }[] };
  expect(deliveries.map((d) => d.url)).toEqual(["https://app.example/hook"]);
  expect(JSON.parse(deliveries[0]!.body).eventKey).toBe("repo:refs_changed");
});
