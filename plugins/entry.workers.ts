import { createWorker } from "../src/adapter/workers.ts";
import { plugins } from "./registry.ts";

/** The Durable Object class wrangler.toml binds as LEASE must be exported by the main module. */
export { LeaseObject } from "../src/adapter/workers.ts";

/** The deployed worker (wrangler.toml's main): the core's Workers adapter serving every registered source. */
export default createWorker(plugins);
