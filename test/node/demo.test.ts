import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../demo/app.ts";
import { tickUntilIdle } from "../demo/resync.ts";
import { harborBulk, samplePush } from "../demo/sample.ts";
import { startSources, type Sources } from "../demo/sources.ts";
import { until } from "./deno-process.ts";

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, "0")}`;

describe("the demo's pieces", () => {
  let sources: Sources;
  let app: RunningApp;
  let catalog: { blueprints: { identifier: string }[]; entities: any[] };
  const entity = (blueprint: string, identifier: string) =>
    catalog.entities.find((e) => e.blueprint === blueprint && e.identifier === identifier);

  beforeAll(async () => {
    sources = await startSources();
    // Whole cycles in few ticks: the CPU estimate (one page a tick at its default) is off.
    app = await startApp({ ...sources.vars, RESYNC_SUBREQUEST_BUDGET: "1000", RESYNC_CPU_BUDGET_MS: "0" });
    await tickUntilIdle(app, { maxTicks: 20 });
    catalog = await (await app.fetch("/catalog")).json();
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await sources?.close();
  });

  it("writes to the local catalog, not to Port", async () => {
    expect((await app.status()).port.writesTo).toBe("local catalog");
  });

  it("finds the sample Harbor projects, users, repositories and scanned artifacts", () => {
    expect(catalog.blueprints.map((b) => b.identifier)).toEqual(
      expect.arrayContaining(["harborProject", "harborUser", "harborRepository", "harborArtifact"]),
    );
    for (const project of ["library", "payments", "platform"]) expect(entity("harborProject", project)).toBeDefined();
    expect(entity("harborUser", "alice")).toMatchObject({ title: "Alice Doe" });
    expect(entity("harborRepository", "payments/api")).toMatchObject({ relations: { project: "payments" } });
    expect(entity("harborArtifact", `library/nginx@${digest(0xa1)}`)).toMatchObject({
      title: "library/nginx:latest",
      properties: { scanStatus: "Success", severity: "Critical", vulnerabilities: 7 },
    });
    expect(entity("harborArtifact", `library/redis@${digest(0xa3)}`)).toMatchObject({ properties: { scanStatus: "Error" } });
    const generated = catalog.entities.filter((e) => e.blueprint === "harborArtifact" && e.identifier.startsWith(`${harborBulk.prefix}-`));
    expect(generated).toHaveLength(harborBulk.projects * harborBulk.reposPerProject * harborBulk.artifactsPerRepo);
  });

  it("finds the entities the Bitbucket port.yaml files declare, and names the broken one", async () => {
    expect(entity("service", "payments-api")).toMatchObject({ title: "Payments API", properties: { language: "Go", owner: "payments" } });
    expect(entity("service", "gateway")).toBeDefined();
    expect(entity("environment", "gateway-staging")).toMatchObject({ relations: { service: "gateway" } });
    expect(catalog.entities.filter((e) => e.identifier === "legacy cron")).toEqual([]);
    const errors = (await app.status()).plugins["bitbucket-gitops"].errors;
    const messages = errors.map((e: any) => e.message);
    expect(messages).toContainEqual(expect.stringContaining("PLAT/legacy-cron: port.yaml: entity 0 (legacy cron)"));
    // The broken repository keeps its entities: in a first cycle nothing says what they were, so nothing is deleted.
    expect(messages).toContainEqual(expect.stringContaining("deletions skipped: 1 file scope(s) could not be read"));
  });

  it("applies a Bitbucket push at once through the webhook it registered, and counts it", async () => {
    await sources.bitbucket.action("push", samplePush);
    const deadline = Date.now() + 30_000;
    let docs: any;
    while (!docs && Date.now() < deadline) {
      const now: typeof catalog = await (await app.fetch("/catalog")).json();
      docs = now.entities.find((e) => e.blueprint === "service" && e.identifier === "docs-site");
      if (!docs) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(docs).toMatchObject({ title: "Docs site", properties: { language: "Markdown" } });
    expect((await app.status()).plugins["bitbucket-gitops"].webhooks).toMatchObject({ received: 1, applied: 1, failed: 0, lastAt: expect.any(String) });
  });

  it("answers a push it cannot apply with 400 and the reason, not a crash", async () => {
    const res = await fetch(`${sources.harbor.url}/_fake/action/push`, { method: "POST", body: JSON.stringify({ project: "library", repository: "nginx", tags: ["1.28"] }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "POST /_fake/action/push: harbor fake: repository nginx is not in project library" });
    const garbled = await fetch(`${sources.harbor.url}/_fake/action/push`, { method: "POST", body: "{project: library" });
    expect(garbled.status).toBe(400);
    expect(((await garbled.json()) as { error: string }).error).toMatch(/^POST \/_fake\/action\/push: the body is not JSON: /);
  });
});

/** Runs a `curl` line the demo printed, as a user would paste it; resolves with the HTTP status. */
function runPrinted(command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile("sh", ["-c", `${command} -sS -o /dev/null -w '%{http_code}'`], (err, stdout, stderr) =>
      err ? reject(new Error(`${command}: ${stderr || err.message}`)) : resolve(Number(stdout)),
    );
  });
}

describe("npm run demo", () => {
  it("resyncs, prints where to look and commands that work, serves the status page and stops on Ctrl-C", async () => {
    const demo = spawn(process.execPath, ["test/demo/launch.mjs"], { env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    demo.stdout.on("data", (chunk) => (output += chunk));
    demo.stderr.on("data", (chunk) => (output += chunk));
    const exited = once(demo, "exit");
    try {
      const deadline = Date.now() + 120_000;
      while (!output.includes("Ctrl-C stops everything") && Date.now() < deadline && demo.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(output).toContain("Ctrl-C stops everything");
      expect(output).toMatch(/First cycles finished in \d+ ticks/);
      expect(output).toMatch(/^\s+1209 harborArtifact$/m);
      const page = /(http:\/\/127\.0\.0\.1:\d+)\/ +status page/.exec(output)?.[1];
      expect(page, output).toBeDefined();
      const res = await fetch(`${page}/`);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await res.text()).toContain('data-plugin="harbor"');

      const printed = [...output.matchAll(/^ +(curl .*)$/gm)].map((m) => m[1]!);
      expect(printed).toHaveLength(2);
      for (const command of printed) expect(await runPrinted(command), command).toBe(200);
      // The Bitbucket push arrives by webhook at once.
      const docs = await until("the pushed docs-site service in the catalog", async () => {
        const catalog: any = await (await fetch(`${page}/catalog`)).json();
        return catalog.entities.find((e: any) => e.blueprint === "service" && e.identifier === "docs-site");
      });
      expect(docs).toMatchObject({ title: "Docs site" });
    } finally {
      demo.kill("SIGINT");
    }
    const [code] = await exited;
    expect(code, output).toBe(0);
    expect(output).toMatch(/Ctrl-C stops everything\.\n+Stopping…\n/);
  }, 180_000);
});
