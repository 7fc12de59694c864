import { createWorker } from "../adapter/workers.ts";
import { plugins } from "../../plugins/registry.ts";

export default createWorker(plugins);
