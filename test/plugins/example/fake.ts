/**
 * The example API, served over real HTTP for the plugin's tests; the fake hub finds it here by the
 * plugin's folder name, so it needs no line in test/fakes/registry.ts.
 *   GET /api/teams?page=N, GET /api/services?page=N[&language=go] → {data, next_page}, at most
 *   `pageLimit` items a page; GET /api/services/:id → the service, or a 404 fault.
 * Every request needs `Authorization: Bearer <token>`; errors are `{"fault": {"code", "text"}}`.
 * Seed: {token, pageLimit?, teams, services}. Actions: `put-service` {service}, `remove-service` {id}.
 */
import { defineFake } from "../../fakes/base.ts";
import type { FakeFactory } from "../../fakes/registry.ts";

type Item = Record<string, unknown> & { id?: string; slug?: string };

const fault = (status: number, code: string, text: string) => Response.json({ fault: { code, text } }, { status });

export const createFake: FakeFactory = () => {
  let token = "";
  let pageLimit = 100;
  let collections: Record<string, Item[]> = { teams: [], services: [] };
  return defineFake({
    name: "example",
    seed(data) {
      const seed = data as { token: string; pageLimit?: number; teams?: Item[]; services?: Item[] };
      token = seed.token;
      pageLimit = seed.pageLimit ?? 100;
      collections = { teams: seed.teams ?? [], services: seed.services ?? [] };
    },
    state: () => collections,
    actions: {
      "put-service": (body) => {
        const { service } = body as { service: Item };
        collections.services = [...collections.services!.filter((s) => s.id !== service.id), service];
      },
      "remove-service": (body) => {
        const { id } = body as { id: string };
        collections.services = collections.services!.filter((s) => s.id !== id);
      },
    },
    faultBody: (status) => ({ fault: { code: "injected", text: `injected ${status}` } }),
    route(req) {
      const url = new URL(req.url);
      if (req.headers.get("authorization") !== `Bearer ${token}`) return fault(401, "unauthorized", "the token is missing or unknown");
      const [, api, collection, id, ...rest] = url.pathname.split("/");
      const items = collection === undefined ? undefined : collections[collection];
      if (req.method !== "GET" || api !== "api" || !items || rest.length > 0) return fault(404, "no_route", `no route ${req.method} ${url.pathname}`);
      if (id !== undefined) {
        const found = items.find((i) => (i.id ?? i.slug) === decodeURIComponent(id));
        return found ? Response.json(found) : fault(404, "not_found", `${collection} ${decodeURIComponent(id)} does not exist`);
      }
      const page = Number(url.searchParams.get("page") ?? "1");
      if (!Number.isInteger(page) || page < 1) return fault(400, "bad_page", "page must be a whole number from 1");
      const language = url.searchParams.get("language");
      const matching = language === null ? items : items.filter((i) => i.language === language);
      const data = matching.slice((page - 1) * pageLimit, page * pageLimit);
      return Response.json({ data, next_page: page * pageLimit < matching.length ? page + 1 : null });
    },
  });
};
