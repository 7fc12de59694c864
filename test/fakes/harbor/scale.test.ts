import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, startHarbor, type Harbor } from "./harness.ts";

let harbor: Harbor;

beforeAll(async () => {
  harbor = await startHarbor();
});

afterAll(() => harbor.close());

it("generates 100,000 artifacts deterministically and serves pages of them quickly", async () => {
  const started = performance.now();
  const made = await harbor.action("generate", { projects: 10, reposPerProject: 100, artifactsPerRepo: 100 });
  expect(made).toEqual({ artifacts: 100_000, total: 100_000 });
  const state = await harbor.state();
  expect(state.counts).toMatchObject({ projects: 10, repositories: 1000, artifacts: 100_000 });
  expect(state.projects[0].repositories[0].artifacts).toBeUndefined();

  const first = await harbor.get("/api/v2.0/projects/gen-3/repositories/svc-5%252Fapp-55/artifacts?page_size=100&sort=id", { auth: ADMIN });
  expect(first.headers.get("x-total-count")).toBe("100");
  const page: { id: number; tags: { name: string }[] }[] = await first.json();
  expect(page[0]!.tags[0]!.name).toBe("1.0.0");

  // Keyset paging through a whole project: q=id=[last+1~]&sort=id.
  let last = 0;
  let seen = 0;
  for (;;) {
    const res = await harbor.get(`/api/v2.0/projects/gen-7/artifacts?page_size=100&sort=id&q=id%3D%5B${last + 1}~%5D`, { auth: ADMIN });
    const items: { id: number }[] = await res.json();
    if (!items.length) break;
    seen += items.length;
    last = items.at(-1)!.id;
  }
  expect(seen).toBe(10_000);
  expect(performance.now() - started).toBeLessThan(20_000);

  await harbor.seed({});
  const again = await harbor.action("generate", { projects: 10, reposPerProject: 100, artifactsPerRepo: 100 });
  expect(again).toEqual(made);
  const repeat = await harbor.get("/api/v2.0/projects/gen-3/repositories/svc-5%252Fapp-55/artifacts?page_size=100&sort=id", { auth: ADMIN });
  expect(((await repeat.json()) as { digest: string }[]).map((a) => a.digest)).toEqual(
    (page as unknown as { digest: string }[]).map((a) => a.digest),
  );
}, 120_000);
