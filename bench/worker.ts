import { loadMapping, type CompiledMapping, type MappingEngine } from "../src/mapping/engine.ts";
import { planResource } from "../src/mapping/program.ts";

// Bench-only entry: holds named mappings and one page in the isolate so requests time only the mapping.
const mappings = new Map<string, { mapping: CompiledMapping; resource: number }>();
let items: unknown[] = [];

const json = (body: unknown, status = 200) => Response.json(body, { status });

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === "POST" && url.pathname === "/bench/items") {
      items = (await request.json()) as unknown[];
      return json({ items: items.length });
    }
    if (request.method === "POST" && url.pathname === "/bench/setup") {
      const body = (await request.json()) as { name: string; config: string; kind: string; engine: MappingEngine };
      const mapping = await loadMapping(body.config, body.name, { engine: body.engine });
      const resource = mapping.resources.find((r) => r.kind === body.kind);
      if (!resource) return json({ error: `no resource of kind ${body.kind}` }, 400);
      mappings.set(body.name, { mapping, resource: resource.index });
      // What jq-web runs for the whole resource, so the native jq CLI can run the same program.
      const program = planResource(mapping.config.resources[resource.index]!, resource.index, {}, "jq-web").entityProgram;
      return json({ program, compiled: resource.compiled, fallback: resource.fallback });
    }
    if (request.method === "POST" && url.pathname === "/bench/map") {
      const held = mappings.get(url.searchParams.get("name") ?? "");
      if (!held) return json({ error: "POST /bench/setup first" }, 409);
      const repeat = Number(url.searchParams.get("repeat") ?? 1);
      // The held items in consecutive pages of this size, as a resync would list them.
      const size = Number(url.searchParams.get("page") ?? items.length);
      let entities = 0;
      let issues = 0;
      for (let run = 0; run < repeat; run++) {
        entities = 0;
        issues = 0;
        for (let start = 0; start < items.length; start += size) {
          const page = await held.mapping.mapResource(held.resource, items.slice(start, start + size));
          entities += page.entities.length;
          issues += page.issues.length;
        }
      }
      return json({ items: items.length, entities, issues });
    }
    return json({ error: "not found" }, 404);
  },
};
