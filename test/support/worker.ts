import { createWorker } from "../../src/adapter/workers.ts";
import { plugins } from "../../plugins/registry.ts";
import { samplePlugin } from "./sample/plugin.ts";
import { clock } from "./clock.ts";

/** The production worker plus the sample plugin, with a clock tests can move forward. */
export default createWorker([...plugins, samplePlugin], { now: () => clock.now() });
