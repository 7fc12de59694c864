import { createWorker } from "../adapter/workers.ts";
import { plugins } from "../../plugins/registry.ts";

/** The Durable Object class wrangler.toml binds as LEASE must be exported by the main module. */
export { TickLease } from "../adapter/workers.ts";

export default createWorker(plugins);
