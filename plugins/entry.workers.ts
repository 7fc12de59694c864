import { createWorker } from "../src/adapter/workers.ts";
import { plugins } from "./registry.ts";

/** The deployed worker (wrangler.toml's main): the core's Workers adapter serving every registered source. */
export default createWorker(plugins);
