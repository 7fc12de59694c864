import { loadMapping, type CompiledMapping, type MappingEngine } from "../src/mapping/engine.ts";
import { planResource } from "../src/mapping/program.ts";

// Bench-only entry: holds one mapping and one page in the isolate so requests time only the mapping.
let mapping: CompiledMapping | undefined;
let items: unknown[] = [];

const json = (body: unknown, status = 200) => Response.json(body, { status });

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === "POST" && url.pathname === "/bench/setup") {
      const body = (await request.json()) as { config: string; items: unknown[]; engine: MappingEngine };
      mapping = await loadMapping(body.config, "bench", { engine: body.engine });
      items = body.items;
      const first = mapping.config.resources[0];
      // What jq-web runs for the whole resource, for the native jq CLI to run the same.
      return json({ items: items.length, program: first ? planResource(first, 0, {}, "jq-web").entityProgram : undefined });
    }
    if (request.method === "POST" && url.pathname === "/bench/map") {
      if (!mapping) return json({ error: "POST /bench/setup first" }, 409);
      const count = Math.min(Number(url.searchParams.get("count") ?? items.length), items.length);
      const slice = items.slice(0, count);
      const mode = url.searchParams.get("mode");
      let entities = 0;
      let issues = 0;
      if (mode === "page") {
        const page = await mapping.mapResource(0, slice);
        entities = page.entities.length;
        issues = page.issues.length;
      } else if (mode === "item") {
        for (const item of slice) {
          const page = await mapping.mapResource(0, [item]);
          entities += page.entities.length;
          issues += page.issues.length;
        }
      } else {
        return json({ error: "mode must be page or item" }, 400);
      }
      return json({ items: slice.length, entities, issues });
    }
    return json({ error: "not found" }, 404);
  },
};
