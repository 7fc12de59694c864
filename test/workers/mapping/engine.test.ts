import { describe, expect, it } from "vitest";
import { loadMapping } from "../../../src/mapping/engine.ts";
import { jqInstantiations } from "../../../src/mapping/jq.ts";
import harborDefault from "../../../plugins/harbor/defaults/port-app-config.yml?raw";
import artifacts from "../../fixtures/mapping/harbor-artifacts.json";
import { compileOne } from "./support.ts";
import { status } from "../../support/app.ts";
import { credentials } from "../../fixtures/harbor/realistic.ts";
import { harness } from "../harbor/support.ts";

// Not run per engine: these are about which engine runs what.
describe("compiled expressions and the jq-web fallback", () => {
  // First in its file, so no earlier test of this isolate has created a jq-web instance.
  it("never instantiates jq-web for a mapping that compiles fully, loading or mapping", async () => {
    expect(jqInstantiations()).toBe(0);
    const mapping = await loadMapping(harborDefault, "plugins/harbor/defaults/port-app-config.yml");
    expect(mapping.resources.map((r) => r.fallback)).toEqual([[], [], [], []]);
    expect(mapping.resources.every((r) => r.compiled > 3)).toBe(true);
    const artifact = mapping.resources.find((r) => r.kind === "artifact")!;
    const page = await mapping.mapResource(artifact.index, artifacts, { parseAll: true });
    expect(page.entities.length + page.rejected.length).toBe(artifacts.length);
    expect(jqInstantiations()).toBe(0);
  });

  it("runs an expression the compiler lacks on jq-web, per expression, and reports it", async () => {
    const mapping = await compileOne(
      { identifier: ".id", blueprint: '"b"', properties: { region: '$ENV.REGION // "none"', name: ".name" } },
      "true",
      {},
      { env: { REGION: "eu" } },
    );
    expect(mapping.resources[0]).toMatchObject({
      compiled: 4,
      fallback: [{ field: "properties.region", expression: '$ENV.REGION // "none"', feature: expect.stringContaining("$ENV") }],
    });
    const page = await mapping.mapResource(0, [{ id: "1", name: "a" }, { id: "2", name: "b" }]);
    expect(page.entities.map((e) => e.entity.properties)).toEqual([
      { region: "eu", name: "a" },
      { region: "eu", name: "b" },
    ]);
    expect(jqInstantiations()).toBe(1);
  });

  it("reports every expression on jq-web with the jq-web engine, with the same entities", async () => {
    const mappings = { identifier: ".id", blueprint: '"b"', properties: { n: ".n + 1" } };
    const compiled = await compileOne(mappings, ".n > 0");
    const jqWeb = await compileOne(mappings, ".n > 0", {}, { engine: "jq-web" });
    expect(compiled.resources[0]).toMatchObject({ compiled: 4, fallback: [] });
    expect(jqWeb.resources[0]!.compiled).toBe(0);
    expect(jqWeb.resources[0]!.fallback.map((f) => f.field)).toEqual(["selector.query", "identifier", "blueprint", "properties.n"]);
    const items = [{ id: "a", n: 1 }, { id: "b", n: 0 }, { id: "c", n: "x" }];
    expect(await jqWeb.mapResource(0, items)).toEqual(await compiled.mapResource(0, items));
  });

  it("shows on /status, per resource, how many expressions are compiled and which run on jq-web", async () => {
    const config = `resources:
  - kind: project
    selector: {query: "true"}
    port:
      entity:
        mappings:
          identifier: .name
          blueprint: '"harborProject"'
          properties:
            ownerName: '$ENV.OWNER // .owner_name'
`;
    const h = await harness();
    const s = await status(h.env(credentials.admin, { HARBOR_PORT_APP_CONFIG: config }));
    expect(s.plugins.harbor.mapping.resources).toEqual([
      {
        index: 0,
        kind: "project",
        compiled: 3,
        fallback: [{ field: "properties.ownerName", expression: "$ENV.OWNER // .owner_name", feature: expect.stringContaining("$ENV") }],
      },
    ]);
  });
});
