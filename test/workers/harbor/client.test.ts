import { beforeEach, describe, expect, it } from "vitest";
import { harborClient, CredentialsError } from "../../../plugins/harbor/client.ts";
import type { HarborSettings } from "../../../plugins/harbor/settings.ts";
import { harborPlugin } from "../../../plugins/harbor/index.ts";
import { listKind } from "../../../src/kinds.ts";
import type { ListArgs, PluginContext } from "../../../src/plugin.ts";
import { createHttp } from "../../../src/runtime/http.ts";
import { BudgetExhaustedError, createOutbound } from "../../../src/runtime/outbound.ts";
import { newFake, type FakeControl } from "../../support/fakes.ts";
import { credentials, digests, harborSeed } from "../../fixtures/harbor/realistic.ts";

let harbor: FakeControl;

beforeEach(async () => {
  harbor = await newFake("harbor");
  await harbor.seed({
    ...harborSeed,
    accounts: [...harborSeed.accounts, { username: "jürgen", password: "pässwörd-ß", admin: true }],
  });
});

/** A page of a kind, its selector and cursor parsed as the engine does. */
/** As a cycle lists a page: `limit` is the plugin's page size unless a test asks fewer. */
const listPage = (args: Omit<ListArgs<HarborSettings, unknown>, "limit"> & { limit?: number }) =>
  listKind(harborPlugin, { limit: harborPlugin.pageSize, ...args });

const silent = { info() {}, warn() {}, error() {}, child: () => silent };

function context(login: { username: string; password: string }, options: { budget?: number; fetch?: typeof fetch } = {}): PluginContext<HarborSettings> {
  const outbound = createOutbound(options.budget ?? 100, options.fetch);
  return {
    settings: { url: harbor.url, ...login, webhookSecret: undefined, appHost: undefined },
    http: (o) => createHttp({ ...o, outbound, backoff: { baseMs: 1, capMs: 5 } }),
    log: silent,
    cache: new Map(),
  };
}

describe("harbor client", () => {
  it("double-encodes nested repository names in paths", async () => {
    const client = harborClient(context(credentials.admin));
    const artifact = await client.artifact("team-a/service/api", digests.promoted);
    expect(artifact).toMatchObject({ repository_name: "team-a/service/api", digest: digests.promoted, tags: [{ name: "v1.0.0" }] });
    const [request] = await harbor.requests();
    expect(request!.path).toBe(`/api/v2.0/projects/team-a/repositories/service%252Fapi/artifacts/${encodeURIComponent(digests.promoted)}`);
  });

  it("keeps Harbor's null arrays null, as Harbor returned them", async () => {
    const artifact = await harborClient(context(credentials.admin)).artifact("team-a/service/api", digests.apiUntagged);
    expect(artifact).toMatchObject({ tags: null, labels: null, references: null, accessories: null });
  });

  it("answers undefined for an artifact that is gone", async () => {
    expect(await harborClient(context(credentials.admin)).artifact("team-a/service/api", digests.frontend)).toBeUndefined();
  });

  it("tells users, robots and rejected credentials apart, asking Harbor once per context", async () => {
    const admin = harborClient(context(credentials.admin));
    expect(await admin.identity()).toEqual({ kind: "user", username: "admin", admin: true });
    expect(await admin.identity()).toEqual({ kind: "user", username: "admin", admin: true });
    expect((await harbor.requests()).filter((r) => r.path === "/api/v2.0/users/current")).toHaveLength(1);
    expect(await harborClient(context(credentials.robot)).identity()).toEqual({ kind: "robot" });
    expect(await harborClient(context(credentials.alice)).identity()).toMatchObject({ admin: false });
    await expect(harborClient(context({ username: "admin", password: "wrong" })).identity()).rejects.toBeInstanceOf(CredentialsError);
  });

  it("sends non-ASCII credentials as UTF-8", async () => {
    expect(await harborClient(context({ username: "jürgen", password: "pässwörd-ß" })).identity()).toMatchObject({ username: "jürgen" });
  });

  it("retries 429 and 5xx", async () => {
    await harbor.faults([
      { path: "/users/current$", status: 429, times: 1, headers: { "retry-after": "0" } },
      { path: "/users/current$", status: 502, times: 1 },
    ]);
    expect(await harborClient(context(credentials.admin)).identity()).toMatchObject({ kind: "user" });
    expect((await harbor.requests()).map((r) => r.status)).toEqual([429, 502, 200]);
  });

  it("keeps at most four requests in flight", async () => {
    let active = 0;
    let peak = 0;
    const counting: typeof fetch = async (input, init) => {
      peak = Math.max(peak, ++active);
      try {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return await fetch(input, init);
      } finally {
        active--;
      }
    };
    const client = harborClient(context(credentials.admin, { fetch: counting }));
    await Promise.all(Array.from({ length: 12 }, () => client.artifact("library/nginx", digests.nginxLatest)));
    expect(peak).toBe(4);
  });

  it("lets a spent budget through instead of calling users unavailable", async () => {
    const ctx = context(credentials.admin, { budget: 0 });
    await expect(listPage({ ...ctx, kind: "user", selector: { query: "true" }, cursor: null })).rejects.toBeInstanceOf(BudgetExhaustedError);
  });
});

/** A Harbor (or proxy) that drops one query parameter, as Harbor drops `q` keys it does not know. */
const dropping =
  (param: string): typeof fetch =>
  (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    url.searchParams.delete(param);
    return fetch(new Request(url, request));
  };

describe("keyset paging", () => {
  it("fails instead of looping when Harbor ignores the keyset filter", async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ username: `user${i}`, password: `password-${i}` }));
    await harbor.seed({ ...harborSeed, accounts: [...harborSeed.accounts, ...many] });
    const ctx = context(credentials.admin, { fetch: dropping("q") });
    const args = { ...ctx, kind: "user", selector: { query: "true" } };
    const first = await listPage({ ...args, cursor: null });
    expect(first.items).toHaveLength(100);
    // Page 1 again instead of the users after the 100th: the cursor would never move on.
    await expect(listPage({ ...args, cursor: first.next })).rejects.toThrow(/Harbor ignored the keyset filter q=user_id=\[\d+~\] on GET \/users/);
  });

  it("fails instead of skipping items when Harbor ignores the id order", async () => {
    const ctx = context(credentials.admin, { fetch: dropping("sort") });
    // Harbor's default project order is by name: library (1), prod-payments (3), prod-web (4), sandbox (5), team-a (2).
    await expect(listPage({ ...ctx, kind: "project", selector: { query: "true" }, cursor: null })).rejects.toThrow(
      /Harbor ignored sort=project_id on GET \/projects/,
    );
  });

  it("accepts pages in id order above the cursor", async () => {
    const ctx = context(credentials.admin);
    const page = await listPage({ ...ctx, kind: "project", selector: { query: "true" }, cursor: { after: 2 } });
    expect(page.items.map((p: any) => p.project_id)).toEqual([3, 4, 5]);
  });
});

/** Every page of the artifact kind with this selector, as the cycle would list them. */
async function allArtifacts(ctx: PluginContext<HarborSettings>, selector: Record<string, unknown>): Promise<any[]> {
  const items: any[] = [];
  let cursor: any = null;
  for (let pages = 0; pages < 50; pages++) {
    const page = await listPage({ ...ctx, kind: "artifact", selector: { query: "true", ...selector }, cursor });
    items.push(...page.items);
    if (page.next === null) return items;
    cursor = page.next;
  }
  throw new Error("the artifact listing did not finish");
}

/** A Harbor that does not apply `q=tags=…`, as a proxy or another implementation of the API may not. */
const withoutTagFilter: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const q = url.searchParams.get("q");
  if (q !== null) url.searchParams.set("q", q.replace(/,tags=[^,]*/, ""));
  return fetch(new Request(url, request));
};

describe("the artifact tag selector", () => {
  const latest = [`library/nginx@${digests.nginxLatest}`, `prod-web/frontend@${digests.frontend}`];
  const names = (items: any[]) => items.map((a) => `${a.repository_name}@${a.digest}`).sort();

  it("is applied here too, not only by Harbor", async () => {
    const items = await allArtifacts(context(credentials.admin, { fetch: withoutTagFilter }), { tag: "latest" });
    expect(names(items)).toEqual(latest);
  });

  it("still works with withTag: false, which leaves the tags out of the items (null, as Harbor does)", async () => {
    const items = await allArtifacts(context(credentials.admin, { fetch: withoutTagFilter }), { tag: "latest", withTag: false });
    expect(names(items)).toEqual(latest);
    for (const a of items) expect(a.tags).toBeNull();
  });
});
