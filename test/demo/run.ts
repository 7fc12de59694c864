/**
 * `npm run demo`: simulated Harbor and Bitbucket Server with sample data, portside in local
 * workerd (as `wrangler dev` runs it) without Port credentials, so entities land in its local
 * catalog. Runs ticks until the first cycles finish, then keeps ticking until Ctrl-C.
 */
import { freePort, startApp, type RunningApp } from "./app.ts";
import { tickUntilIdle } from "./resync.ts";
import { samplePush } from "./sample.ts";
import { startSources } from "./sources.ts";

/** Stands in for the five-minute cron, faster, so a new cycle (every RESYNC_INTERVAL_MINUTES) can be watched. */
const TICK_EVERY_MS = 15_000;
const DEFAULT_PORT = 8787;

const settings = {
  // Small budgets so a cycle takes several ticks and the status page has progress to show.
  RESYNC_SUBREQUEST_BUDGET: "10",
  // The subrequest budget alone cuts the ticks (at its default, the CPU estimate runs one page a tick).
  RESYNC_CPU_BUDGET_MS: "0",
  RESYNC_INTERVAL_MINUTES: "2",
};

/** PORT if given; else wrangler dev's usual 8787 when it is free, any free port when not. */
async function start(vars: Record<string, string>): Promise<RunningApp> {
  if (process.env.PORT) return startApp(vars, Number(process.env.PORT));
  return startApp(vars, (await freePort(DEFAULT_PORT)) ?? 0);
}

async function main() {
  console.log("Starting simulated Harbor and Bitbucket Server…");
  const sources = await startSources();
  console.log(`  Harbor     ${sources.harbor.url}  (admin / Harbor12345)`);
  console.log(`  Bitbucket  ${sources.bitbucket.url}`);
  console.log("Starting portside in local workerd…");
  const app = await start({ ...sources.vars, ...settings });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    await app.stop().catch(() => undefined);
    await sources.close();
    process.exit(0);
  };
  // Importing wrangler registered SIGINT/SIGTERM handlers that exit at once; ours must run first.
  process.prependListener("SIGINT", stop);
  process.prependListener("SIGTERM", stop);

  const status = await app.status();
  const enabled = Object.entries<any>(status.plugins).filter(([, p]) => p.enabled).map(([name]) => name);
  console.log(`  plugins    ${enabled.join(", ")}`);
  if (!("bitbucket-gitops" in status.plugins)) console.log("  (the bitbucket-gitops plugin is not registered in this build: only Harbor syncs)");

  console.log("Resyncing…");
  const ticks = await tickUntilIdle(app, {
    onTick: ({ tick, plugins }) =>
      console.log(`  tick ${tick}: ${Object.entries(plugins).map(([name, p]) => `${name} ${p === "done" ? "done" : `${p} items listed`}`).join(", ")}`),
  });
  const catalog: any = await (await app.fetch("/catalog")).json();
  const byBlueprint = new Map<string, number>();
  for (const e of catalog.entities) byBlueprint.set(e.blueprint, (byBlueprint.get(e.blueprint) ?? 0) + 1);
  console.log(`First cycles finished in ${ticks} ticks. The local catalog holds:`);
  for (const [blueprint, n] of byBlueprint) console.log(`  ${String(n).padStart(5)} ${blueprint}`);

  const base = app.url.origin;
  console.log(`
Look at:
  ${base}/          status page (progress, last cycles, errors)
  ${base}/status    the same as JSON
  ${base}/catalog   the local catalog: blueprints and entities

A tick runs every ${TICK_EVERY_MS / 1000} s and a new cycle starts ${settings.RESYNC_INTERVAL_MINUTES} min after the last one ended.
Change the sources meanwhile. A push to Bitbucket reaches portside at once by webhook:
  curl -X POST ${sources.bitbucket.url}/_fake/action/push -d '${JSON.stringify(samplePush)}'
A new Harbor image shows up with the next cycle:
  curl -X POST ${sources.harbor.url}/_fake/action/push -d '{"project":"library","repository":"library/nginx","tags":["1.28"]}'
Ctrl-C stops everything.`);

  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, TICK_EVERY_MS));
    await app.tick().catch((err) => console.log(`tick failed: ${(err as Error).message}`));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
