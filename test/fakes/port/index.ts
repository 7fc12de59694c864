/**
 * Fake Port REST API (https://api.port.io/v1), faithful to the spec and to what clients observed.
 *
 * Options: `{ clients?: Record<clientId, secret>` (default `{"test-client-id": "test-client-secret"}`),
 *   `tokenTtlSeconds?` (default 10800), `rateLimit?: {limit, periodSeconds}` (default 35000 per 300 s) }.
 * Seed (`POST /_fake/seed`, replaces everything): `{ blueprints?: Blueprint[], entities?: (Entity &
 *   {blueprint, datasource?})[], integrations?: ({installationId | identifier, ...})[] }`; missing
 *   timestamps, relations, schema parts and `team: []` are filled in.
 * State (`GET /_fake/state`): `{ blueprints, entities: [{identifier, blueprint, title, icon, team,
 *   properties, relations, createdAt, updatedAt, createdBy, updatedBy, datasource}], integrations,
 *   tokensIssued, resyncRequests: Record<integrationId, number>, rateLimitWindows: number[] }`, sorted by
 *   blueprint then identifier; rateLimitWindows counts the requests of each rate-limit window so far.
 * Actions: `expire-tokens` makes every issued token expire now (to prove clients refresh on 401);
 *   `configure` takes the options above, replacing clients, tokens and the rate-limit window.
 * Faults use Port's error envelope; a 429 rule may add `Retry-After` / `x-ratelimit-reset` headers.
 *
 * Where Port's behaviour is unverified (notes/port-api.md) the fake takes the stricter reading: bulk
 * answers 207 with `ok:false` whenever any entity failed (all failing included); re-login returns the
 * remaining lifetime as `expiresIn`; any entity with a relation to a deleted one is a dependent
 * (422 `has_dependents`); an unknown relation key is 404 `not_found`; a duplicate is 409
 * `identifier_taken`; `$datasource` is the last writer's User-Agent.
 */
import { type Auth, createAuth } from "./auth.ts";
import * as blueprints from "./blueprints.ts";
import type { Ctx } from "./context.ts";
import * as entities from "./entities.ts";
import { failure, invalidRequest, ok, PortError } from "./http.ts";
import * as integrations from "./integrations.ts";
import { createRateLimit, type RateLimit } from "./rate-limit.ts";
import * as schemas from "./schemas.ts";
import * as search from "./search-routes.ts";
import { type SeedData, stateOf, storeFromSeed } from "./seed.ts";
import { validBody } from "./validation.ts";
import { defineFake, type Fake } from "../base.ts";
import type { FakeFactory } from "../registry.ts";

export interface PortFakeOptions {
  clients?: Record<string, string>;
  tokenTtlSeconds?: number;
  rateLimit?: { limit: number; periodSeconds: number };
}

const MAX_BODY_BYTES = 1_048_576;

const ERROR_CODES: Record<number, string> = {
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "identifier_taken",
  413: "request_too_large",
  422: "invalid_request",
  429: "rate_limit_exceeded",
};

type Handler = (ctx: Ctx) => Response;

export const createPortFake: FakeFactory = ({ options }) => {
  let auth: Auth;
  let rateLimit: RateLimit;
  function configure(opts: PortFakeOptions = {}) {
    auth = createAuth({
      clients: opts.clients ?? { "test-client-id": "test-client-secret" },
      tokenTtlSeconds: opts.tokenTtlSeconds ?? 10_800,
    });
    rateLimit = createRateLimit(opts.rateLimit?.limit ?? 35_000, opts.rateLimit?.periodSeconds ?? 300);
  }
  configure(options as PortFakeOptions | undefined);
  let store = storeFromSeed();
  let resyncRequests: Record<string, number> = {};
  const countResync = (id: string) => void (resyncRequests[id] = (resyncRequests[id] ?? 0) + 1);

  const routes: [method: string, template: string, handler: Handler][] = [
    ["POST", "v1/blueprints/entities/datasource-entities", search.datasourceEntities],
    ["POST", "v1/entities/search", search.searchAll],
    ["GET", "v1/blueprints", blueprints.listBlueprints],
    ["POST", "v1/blueprints", blueprints.createBlueprint],
    ["GET", "v1/blueprints/:identifier", blueprints.getBlueprint],
    ["PUT", "v1/blueprints/:identifier", blueprints.replaceBlueprint],
    ["PATCH", "v1/blueprints/:identifier", blueprints.patchBlueprint],
    ["DELETE", "v1/blueprints/:identifier", blueprints.deleteBlueprint],
    ["POST", "v1/blueprints/:blueprint/entities", entities.createEntity],
    ["GET", "v1/blueprints/:blueprint/entities", entities.listEntities],
    ["POST", "v1/blueprints/:blueprint/entities/bulk", entities.bulkUpsert],
    ["POST", "v1/blueprints/:blueprint/entities/search", search.searchBlueprint],
    ["GET", "v1/blueprints/:blueprint/entities-count", entities.countEntities],
    ["POST", "v1/blueprints/:blueprint/bulk/entities/delete", entities.bulkDelete],
    ["GET", "v1/blueprints/:blueprint/entities/:entity", entities.getEntity],
    ["PUT", "v1/blueprints/:blueprint/entities/:entity", entities.replaceEntity],
    ["PATCH", "v1/blueprints/:blueprint/entities/:entity", entities.patchEntity],
    ["DELETE", "v1/blueprints/:blueprint/entities/:entity", entities.deleteEntity],
    ["POST", "v1/integration", integrations.createIntegration],
    ["GET", "v1/integration/:integration", integrations.getIntegration],
    ["PATCH", "v1/integration/:integration", (ctx) => integrations.patchIntegration(ctx, countResync)],
    ["PATCH", "v1/integration/:integration/config", integrations.patchIntegrationConfig],
    ["PATCH", "v1/integration/:integration/resync-state", integrations.patchResyncState],
  ];

  /** Segments are decoded one by one so `%2F` stays inside an identifier. */
  function match(method: string, pathname: string) {
    let segments: string[];
    try {
      segments = pathname.split("/").slice(1).map(decodeURIComponent);
    } catch {
      return undefined;
    }
    for (const [m, template, handler] of routes) {
      const parts = template.split("/");
      if (m !== method || parts.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const hit = parts.every((part, i) => {
        const segment = segments[i]!;
        if (part.startsWith(":")) {
          params[part.slice(1)] = segment;
          return segment.length > 0;
        }
        return part === segment;
      });
      if (hit) return { handler, params };
    }
    return undefined;
  }

  function parseJson(body: string): unknown {
    if (!body) return undefined;
    try {
      return JSON.parse(body);
    } catch {
      throw invalidRequest("body is not valid JSON");
    }
  }

  function route(req: Request, body: string): Response {
    const url = new URL(req.url);
    if (!rateLimit.take()) {
      return Response.json(
        { ok: false, error: "rate_limit_exceeded", message: "Rate limit exceeded" },
        { status: 429, headers: { "retry-after": String(rateLimit.secondsToReset()) } },
      );
    }
    if (new TextEncoder().encode(body).length > MAX_BODY_BYTES) {
      throw new PortError(413, "request_too_large", "Request body is too large (limit is 1MiB)");
    }
    if (url.pathname === "/v1/auth/access_token" && req.method === "POST") {
      const { clientId, clientSecret } = validBody<{ clientId: string; clientSecret: string }>(
        schemas.authBody,
        parseJson(body),
      );
      return ok(auth.issue(clientId, clientSecret));
    }
    const found = match(req.method, url.pathname);
    if (!found) {
      throw new PortError(404, "not_found", `Route ${req.method}:${url.pathname} not found`);
    }
    const clientId = auth.verify(req.headers.get("authorization"));
    return found.handler({
      store,
      clientId,
      userAgent: req.headers.get("user-agent"),
      now: new Date().toISOString(),
      params: found.params,
      query: url.searchParams,
      body: parseJson(body),
    });
  }

  const inner = defineFake({
    name: "port",
    route(req, body) {
      try {
        return route(req, body);
      } catch (err) {
        if (err instanceof PortError) return failure(err);
        throw err;
      }
    },
    seed(data) {
      store = storeFromSeed(data as SeedData);
      resyncRequests = {};
    },
    state: () => ({ ...stateOf(store), tokensIssued: auth.tokensIssued, resyncRequests, rateLimitWindows: rateLimit.windows() }),
    actions: {
      "expire-tokens": () => {
        auth.expireAll();
        return { ok: true };
      },
      configure: (body) => {
        configure(body as PortFakeOptions);
        return { ok: true };
      },
    },
    faultBody: (status) => ({
      ok: false,
      error: ERROR_CODES[status] ?? (status >= 500 ? "internal_error" : "error"),
      message: `Injected fault ${status}`,
    }),
  });

  return withPortHeaders(inner, () => rateLimit);
};

/** Every API response, injected faults included, carries X-Trace-Id and the rate-limit headers. */
function withPortHeaders(inner: Fake, rateLimit: () => RateLimit): Fake {
  return {
    name: inner.name,
    async handle(req) {
      const res = await inner.handle(req);
      if (new URL(req.url).pathname.startsWith("/_fake/")) return res;
      const headers = new Headers(res.headers);
      const add: Record<string, string> = { "x-trace-id": crypto.randomUUID(), ...rateLimit().headers() };
      for (const [name, value] of Object.entries(add)) if (!headers.has(name)) headers.set(name, value);
      return new Response(res.body, { status: res.status, headers });
    },
  };
}
