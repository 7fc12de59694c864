import { mulberry32 } from "../support/random.ts";

/**
 * Shared behaviour of every fake server: control routes under /_fake/, injectable faults and a
 * request log, so a test in workerd can drive any fake over HTTP alone.
 */
export interface FaultRule {
  method?: string;
  /** Regular expression source matched against the pathname. */
  path?: string;
  status: number;
  /** How many matching requests fail; unlimited when absent. */
  times?: number;
  /** Matching requests that pass before the rule starts failing (a failure mid-way through a run). */
  after?: number;
  /** Share of matching requests that fail (deterministic PRNG); all when absent. */
  probability?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Answer as the real API would, only after `delayMs`: a slow server that still answers. */
  pass?: boolean;
  /** Sent as is instead of a JSON body: an HTML error page, a truncated page, a redirect host's file. */
  text?: string;
  delayMs?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** When the request arrived; with `at` (when it was answered) it shows which requests overlapped. */
  received: number;
  at: number;
}

export interface FakeDefinition {
  name: string;
  /** Serve one request of the real API; `body` is the request body, already read. */
  route(req: Request, body: string): Promise<Response> | Response;
  /** Replace the fake's data (fake-specific JSON). */
  seed(data: unknown): void | Promise<void>;
  /** Dump the fake's data for assertions. */
  state(): unknown;
  /** Fake-specific control actions: POST /_fake/action/:name with a JSON body. */
  actions?: Record<string, (body: unknown) => unknown | Promise<unknown>>;
  /** Shape of a fault response in this API's error envelope. */
  faultBody?(status: number): unknown;
}

export interface Fake {
  name: string;
  handle(req: Request): Promise<Response>;
}

const json = (data: unknown, status = 200) =>
  new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json" } });

export function defineFake(def: FakeDefinition): Fake {
  let faults: (FaultRule & { hits: number; seen: number })[] = [];
  let log: LoggedRequest[] = [];
  let random = mulberry32(42);

  function matchFault(req: Request, path: string) {
    for (const rule of faults) {
      if (rule.method && rule.method.toUpperCase() !== req.method) continue;
      if (rule.path && !new RegExp(rule.path).test(path)) continue;
      if (rule.after !== undefined && rule.seen++ < rule.after) continue;
      if (rule.times !== undefined && rule.hits >= rule.times) continue;
      if (rule.probability !== undefined && random() >= rule.probability) continue;
      rule.hits++;
      return rule;
    }
    return undefined;
  }

  async function control(req: Request, path: string, body: string): Promise<Response> {
    const route = `${req.method} ${path}`;
    let parsed: any;
    try {
      parsed = body ? JSON.parse(body) : undefined;
    } catch (err) {
      return json({ error: `${route}: the body is not JSON: ${(err as Error).message}` }, 400);
    }
    if (route === "POST /_fake/seed") {
      await def.seed(parsed);
      return json({ ok: true });
    }
    if (route === "GET /_fake/state") return json(def.state());
    if (route === "POST /_fake/faults") {
      faults = (parsed?.rules ?? []).map((r: FaultRule) => ({ ...r, hits: 0, seen: 0 }));
      random = mulberry32(parsed?.seed ?? 42);
      return json({ ok: true });
    }
    if (route === "DELETE /_fake/faults") {
      faults = [];
      return json({ ok: true });
    }
    if (route === "GET /_fake/requests") return json(log);
    if (route === "DELETE /_fake/requests") {
      log = [];
      return json({ ok: true });
    }
    const action = /^POST \/_fake\/action\/([\w-]+)$/.exec(route)?.[1];
    if (action && def.actions?.[action]) {
      // An action refuses what it cannot apply (an unknown project, a repository outside it) by throwing: the caller's mistake.
      try {
        return json((await def.actions[action]!(parsed)) ?? { ok: true });
      } catch (err) {
        return json({ error: `${route}: ${(err as Error).message}` }, 400);
      }
    }
    return json({ error: `no control route ${route}` }, 404);
  }

  return {
    name: def.name,
    async handle(req) {
      const received = Date.now();
      const url = new URL(req.url);
      const body = await req.text();
      if (url.pathname.startsWith("/_fake/")) return control(req, url.pathname, body);
      const fault = matchFault(req, url.pathname);
      let res: Response;
      if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault && !fault.pass) {
        const text = fault.text ?? JSON.stringify(fault.body ?? def.faultBody?.(fault.status) ?? { error: "fault" });
        res = new Response(text, {
          status: fault.status,
          headers: { "content-type": fault.text === undefined ? "application/json" : "text/plain; charset=utf-8", ...fault.headers },
        });
      } else {
        res = await def.route(req, body);
      }
      let loggedBody: unknown;
      if (body) {
        try {
          loggedBody = JSON.parse(body);
        } catch {
          loggedBody = body;
        }
      }
      log.push({
        method: req.method,
        path: url.pathname,
        query: url.search,
        status: res.status,
        headers: Object.fromEntries(req.headers),
        body: loggedBody,
        received,
        at: Date.now(),
      });
      return res;
    },
  };
}
