/**
 * Drives the fake Bitbucket in-process (no socket) and checks every JSON answer against the
 * patched DC 9.4 spec, so each test doubles as a contract test.
 */
import { expect } from "vitest";
import type { Fake } from "../fakes/base.ts";
import { createBitbucketFake, type BitbucketOptions } from "../fakes/bitbucket/index.ts";
import type { Seed } from "../fakes/bitbucket/seed.ts";
import { loadBitbucketSpec } from "./bitbucket-spec.ts";

export const ORIGIN = "http://bitbucket.test";
export const SECRET = "port-fake-webhook-secret";

export const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`;
export const ADMIN = basic("admin", "admin-pw");

/** A small instance covering the shapes the sync meets. */
export const SEED: Seed = {
  users: [
    { name: "admin", password: "admin-pw", displayName: "Bitbucket Admin", tokens: [{ token: "admin-pat" }] },
    { name: "jdoe", password: "jdoe-pw", displayName: "Jane Doe", projects: ["PLAT"], permission: "READ" },
    {
      name: "bot",
      password: "bot-pw",
      tokens: [
        { token: "plat-token", scope: { project: "PLAT" } },
        { token: "payments-token", scope: { project: "PLAT", repo: "payments-api" }, permission: "READ" },
      ],
    },
  ],
  projects: [
    {
      key: "PLAT",
      name: "Platform",
      description: "Platform team services",
      repos: [
        {
          slug: "payments-api",
          name: "Payments API",
          id: 42,
          files: { "port.yaml": "identifier: payments-api\ntitle: Payments API\n", "src/app.ts": "export {};\n" },
          branches: { develop: { files: { "port.yaml": "identifier: payments-api\ntitle: Dev\n" } } },
          tags: { "v1.0": "main" },
        },
        { slug: "empty-one", name: "Empty One", empty: true, defaultBranch: "trunk" },
        { slug: "old-stuff", name: "Old Stuff", archived: true, files: { "README.md": "old\n" } },
        { slug: "no-file", name: "No File", files: { "README.md": "hi\n" } },
      ],
    },
    { key: "OPS", name: "Operations", public: true, repos: [{ slug: "runbooks", files: { "port.yaml": "x: 1\n" } }] },
    { key: "SEC", name: "Security", repos: [{ slug: "vault", files: {} }] },
    { key: "~JDOE", repos: [{ slug: "scratch", files: { "port.yaml": "me: true\n" } }] },
  ],
};

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export class BitbucketClient {
  readonly fake: Fake;
  readonly checked: { method: string; path: string; status: number; template?: string; declared: boolean }[] = [];

  constructor(
    options: BitbucketOptions = {},
    readonly contextPath = options.contextPath ?? "",
  ) {
    this.fake = createBitbucketFake({ url: ORIGIN, options: { seed: SEED, ...options } });
  }

  async call(method: string, path: string, init: { auth?: string | null; body?: unknown } = {}): Promise<Answer> {
    const headers = new Headers();
    const auth = init.auth === undefined ? ADMIN : init.auth;
    if (auth) headers.set("authorization", auth);
    if (init.body !== undefined) headers.set("content-type", "application/json");
    const res = await this.fake.handle(
      new Request(ORIGIN + path, {
        method,
        headers,
        body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
      }),
    );
    const text = await res.text();
    const isJson = (res.headers.get("content-type") ?? "").startsWith("application/json");
    const answer: Answer = { status: res.status, headers: res.headers, text, json: isJson && text ? JSON.parse(text) : undefined };
    if (path.includes("/rest/api/") && isJson) this.validate(method, path, answer);
    return answer;
  }

  get(path: string, auth?: string | null) {
    return this.call("GET", this.api(path), { auth });
  }

  /** `/projects` → `[/ctx]/rest/api/1.0/projects`. */
  api(path: string) {
    return `${this.contextPath}/rest/api/1.0${path}`;
  }

  async control(method: string, path: string, body?: unknown): Promise<any> {
    const res = await this.fake.handle(
      new Request(ORIGIN + path, { method, body: body === undefined ? undefined : JSON.stringify(body) }),
    );
    expect(res.status, `${method} ${path}`).toBe(200);
    return res.json();
  }

  action(name: string, body: unknown): Promise<any> {
    return this.control("POST", `/_fake/action/${name}`, body);
  }

  private validate(method: string, path: string, a: Answer) {
    const spec = loadBitbucketSpec();
    const { pathname } = new URL(ORIGIN + path);
    const check = a.status >= 400 ? spec.checkErrors(a.json) : spec.check(method, pathname, a.status, a.json);
    expect(check.errors, `${method} ${path} → ${a.status} vs spec ${check.template ?? ""}`).toEqual([]);
    expect(check.valid).toBe(true);
    if (a.status >= 400) expect(a.headers.get("content-type")).toBe("application/json;charset=UTF-8");
    this.checked.push({ method, path, status: a.status, template: check.template, declared: check.declared });
  }
}
