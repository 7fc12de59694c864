/**
 * Drives a freshly served fake Port over real HTTP for the contract tests, and checks every API
 * response against the spec whenever the spec declares a schema for its status.
 */
import { expect } from "vitest";
import type { FaultRule } from "../fakes/base.ts";
import { createPortFake, type PortFakeOptions } from "../fakes/port/index.ts";
import { serve } from "../fakes/serve.ts";
import { checkResponse } from "./port-spec.ts";

export const CLIENT = { clientId: "test-client-id", clientSecret: "test-client-secret" };
export const USER_AGENT = "port-ocean/harbor/0.1.0/portside-harbor/exporter";

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is, for bodies that are not JSON or too large to build as objects. */
  rawBody?: string;
  /** Bearer token; the harness's own token when absent, none when null. */
  token?: string | null;
  headers?: Record<string, string>;
}

export async function startPort(options?: PortFakeOptions) {
  const served = await serve({ name: "port", handle: (req) => fake.handle(req) });
  const fake = createPortFake({ url: served.url, options });
  let token: string | undefined;

  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(served.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(res.status, `${method} ${path}`).toBe(200);
    return res.json() as Promise<any>;
  };

  async function call(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
    const auth = opts.token === null ? undefined : (opts.token ?? token);
    const res = await fetch(served.url + path, {
      method,
      headers: {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        ...(auth && { authorization: `Bearer ${auth}` }),
        ...opts.headers,
      },
      body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const text = await res.text();
    const body = text ? JSON.parse(text) : undefined;
    const check = checkResponse(method, path, res.status, body);
    expect(check.errors, `${method} ${path} → ${res.status} against ${check.template}: ${text.slice(0, 500)}`).toEqual([]);
    return { status: res.status, headers: res.headers, body };
  }

  async function login(credentials = CLIENT): Promise<string> {
    const res = await call("POST", "/v1/auth/access_token", { body: credentials, token: null });
    expect(res.status).toBe(200);
    return (token = res.body.accessToken as string);
  }

  return {
    url: served.url,
    call,
    login,
    seed: (data: unknown) => control("POST", "/_fake/seed", data),
    state: () => control("GET", "/_fake/state"),
    action: (name: string, body: unknown = {}) => control("POST", `/_fake/action/${name}`, body),
    faults: (rules: FaultRule[]) => control("POST", "/_fake/faults", { rules }),
    requests: () => control("GET", "/_fake/requests"),
    close: () => served.close(),
  };
}

export type PortHarness = Awaited<ReturnType<typeof startPort>>;

/** A small catalog: projects, and repositories that belong to one. */
export const CATALOG = {
  blueprints: [
    {
      identifier: "project",
      title: "Project",
      schema: { properties: { public: { type: "boolean" }, owner: { type: "string", format: "email" } }, required: [] },
    },
    {
      identifier: "repository",
      title: "Repository",
      schema: {
        properties: {
          url: { type: "string", format: "url" },
          stars: { type: "number" },
          language: { type: "string", enum: ["go", "ts", "python"] },
          tags: { type: "array" },
          meta: { type: "object" },
        },
        required: ["url"],
      },
      relations: { project: { title: "Project", target: "project", required: false, many: false } },
    },
  ],
};
