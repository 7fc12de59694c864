/**
 * A minimal paged source API for the in-repo sample plugin, so the engine is tested against real
 * HTTP without depending on Harbor's or Bitbucket's quirks.
 *   GET /items/:kind?cursor=<offset>&limit=<n>  → {items, next}  (Bearer token when seeded with one)
 * Seed: {token?: string, kinds: {[kind]: item[]}}. State: the seeded kinds.
 * Actions: `set-items` {kind, items} replaces one kind's items.
 */
import { defineFake } from "../base.ts";
import type { FakeFactory } from "../registry.ts";

export const createSourceFake: FakeFactory = () => {
  let token: string | undefined;
  let kinds: Record<string, unknown[]> = {};
  return defineFake({
    name: "source",
    seed(data) {
      const seed = data as { token?: string; kinds?: Record<string, unknown[]> };
      token = seed.token;
      kinds = seed.kinds ?? {};
    },
    state: () => ({ kinds }),
    actions: {
      "set-items": (body) => {
        const { kind, items } = body as { kind: string; items: unknown[] };
        kinds[kind] = items;
      },
    },
    faultBody: (status) => ({ error: `injected ${status}` }),
    route(req) {
      const url = new URL(req.url);
      const kind = /^\/items\/([\w-]+)$/.exec(url.pathname)?.[1];
      if (req.method !== "GET" || !kind) return Response.json({ error: "not found" }, { status: 404 });
      if (token && req.headers.get("authorization") !== `Bearer ${token}`)
        return Response.json({ error: "unauthorized" }, { status: 401 });
      const all = kinds[kind];
      if (!all) return Response.json({ error: `unknown kind ${kind}` }, { status: 404 });
      const start = Number(url.searchParams.get("cursor") ?? "0");
      const limit = Math.min(100, Number(url.searchParams.get("limit") ?? "50"));
      const items = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : null;
      return Response.json({ items, next });
    },
  });
};
