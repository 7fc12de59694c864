import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { cpSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../demo/app.ts";
import { startSources, type Sources } from "../demo/sources.ts";
import { ROOT, startPortside, tempDir, until, type Portside } from "./deno-process.ts";

const MAPPING = "plugins/harbor/defaults/port-app-config.yml";
const EDIT = '          title: ("Edited " + .name)\n';
const run = promisify(execFile);
const SKIPPED = /^(node_modules|\.git|\.wrangler|\.dev\.vars|test\/\.artifacts|bench\/results)(\/|$)/;

/** The checkout without its installed or local state, sharing node_modules as a CI cache would. */
function copyRepo(to: string) {
  cpSync(ROOT, to, { recursive: true, filter: (path) => !SKIPPED.test(relative(ROOT, path)) });
  symlinkSync(join(ROOT, "node_modules"), join(to, "node_modules"), "dir");
}

/** `npm run dev` (wrangler dev) in `cwd` on a free port, in its own process group so stop() ends wrangler and workerd too. */
async function npmRunDev(cwd: string, vars: Record<string, string>) {
  const port = await freePort();
  const args = ["run", "dev", "--", "--ip", "127.0.0.1", "--port", String(port), "--env-file", "test/demo/isolated.env"];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child = spawn("npm", args, { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false" } });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = once(child, "exit");
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
    await exited;
  };
  try {
    await until("npm run dev answering /health", async () => ((await fetch(`${url}/health`)).ok ? true : undefined), 120_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${output}`);
  }
  return { url, stop, output: () => output };
}

describe("an edited default mapping, without reinstalling", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let sources: Sources;
  let harborVars: Record<string, string>;

  beforeAll(async () => {
    dir = await tempDir("portside-copy-");
    copyRepo(dir.path);
    const file = join(dir.path, MAPPING);
    const original = readFileSync(file, "utf8");
    // The project kind's title is the first `title: .name` in the file.
    const edited = original.replace("          title: .name\n", EDIT);
    expect(edited).not.toBe(original);
    writeFileSync(file, edited);
    sources = await startSources();
    harborVars = { HARBOR_URL: sources.vars.HARBOR_URL!, HARBOR_USERNAME: sources.vars.HARBOR_USERNAME!, HARBOR_PASSWORD: sources.vars.HARBOR_PASSWORD! };
  }, 60_000);

  afterAll(async () => {
    await sources?.close();
    await dir?.remove();
  });

  let workerHash: string;

  it("is what `npm run dev` maps with", async () => {
    const dev = await npmRunDev(dir.path, harborVars);
    try {
      const res = await fetch(`${dev.url}/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*`);
      expect(res.ok, await res.text()).toBe(true);
      const project = await until(
        "the library project in the local catalog",
        async () => {
          const catalog: any = await (await fetch(`${dev.url}/catalog`)).json();
          return catalog.entities.find((e: any) => e.blueprint === "harborProject" && e.identifier === "library");
        },
        90_000,
      );
      expect(project.title, dev.output()).toBe("Edited library");
      const status: any = await (await fetch(`${dev.url}/status`)).json();
      expect(status.plugins.harbor.mapping).toMatchObject({ source: "default", refused: null });
      workerHash = status.plugins.harbor.mapping.hash;
    } finally {
      await dev.stop();
    }
  }, 180_000);

  it("is what `npm run deploy` uploads", async () => {
    const out = join(dir.path, ".bundle");
    // What npm run deploy runs, stopped before the upload; node_modules holds nothing generated.
    await run(join(dir.path, "node_modules", ".bin", "wrangler"), ["deploy", "--dry-run", "--outdir", out], { cwd: dir.path, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
    const modules = readdirSync(out).filter((f) => f.endsWith("port-app-config.yml"));
    expect(modules.map((f) => readFileSync(join(out, f), "utf8")).filter((text) => text.includes(EDIT))).toHaveLength(1);
  }, 120_000);

  it("is what `deno task start` maps with", async () => {
    const denoDir = await tempDir("portside-copy-deno-");
    let portside: Portside | undefined;
    try {
      portside = await startPortside(denoDir.path, { ...harborVars, PORTSIDE_KV_PATH: join(denoDir.path, "state.sqlite") }, dir.path);
      const status: any = await (await fetch(`${portside.url}/status`)).json();
      expect(status.plugins.harbor.mapping).toMatchObject({ source: "default", hash: workerHash });
    } finally {
      await portside?.process.stop();
      await denoDir.remove();
    }
  }, 120_000);
});
