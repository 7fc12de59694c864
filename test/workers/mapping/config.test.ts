import { describe, expect, it } from "vitest";
import { describeEngines } from "./support.ts";
import { parseMappingConfig } from "../../../src/mapping/config.ts";
import { loadMapping, MappingConfigError } from "../../../src/mapping/engine.ts";

const minimal = `
resources:
  - kind: repository
    selector:
      query: "true"
    port:
      entity:
        mappings:
          identifier: .slug
          blueprint: '"repository"'
`;

function configError(run: () => unknown): MappingConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof MappingConfigError) return error;
    throw error;
  }
  throw new Error("expected a MappingConfigError");
}

async function loadError(text: string): Promise<MappingConfigError> {
  const error = await loadMapping(text, "port-app-config.yml").catch((e: unknown) => e);
  if (error instanceof MappingConfigError) return error;
  throw new Error(`expected a MappingConfigError, got ${String(error)}`);
}

describe("port-app-config parsing", () => {
  it("applies Ocean's defaults", () => {
    const config = parseMappingConfig(minimal, "port-app-config.yml");
    expect(config).toMatchObject({
      deleteDependentEntities: true,
      createMissingRelatedEntities: true,
      enableMergeEntity: true,
      entityDeletionThreshold: 0.9,
    });
    expect(config.resources[0]?.port).toEqual({
      entity: { mappings: { identifier: ".slug", blueprint: '"repository"', properties: {}, relations: {} } },
      itemsToParseName: "item",
      itemsToParseTopLevelTransform: true,
    });
  });

  it("keeps explicit flags and plugin-specific selector keys", () => {
    const config = parseMappingConfig(
      `deleteDependentEntities: false
createMissingRelatedEntities: false
enableMergeEntity: false
entityDeletionThreshold: 0
resources:
  - kind: pull-request
    selector: {query: "true", state: OPEN, projects: [PLAT]}
    port: {entity: {mappings: {identifier: .id, blueprint: '"pr"'}}}
`,
      "HARBOR_PORT_APP_CONFIG",
    );
    expect(config).toMatchObject({
      deleteDependentEntities: false,
      createMissingRelatedEntities: false,
      enableMergeEntity: false,
      entityDeletionThreshold: 0,
    });
    expect(config.resources[0]?.selector).toEqual({ query: "true", state: "OPEN", projects: ["PLAT"] });
  });

  it("reads numbers as jq text, as Ocean's models coerce them", () => {
    const config = parseMappingConfig(minimal.replace("identifier: .slug", "identifier: 42"), "f");
    expect(config.resources[0]?.port.entity.mappings.identifier).toBe("42");
  });

  it("names the source, resource index, field and problem", () => {
    const error = configError(() =>
      parseMappingConfig(
        `entityDeletionThreshold: 1.5
resources:
  - kind: ok
    selector: {query: "true"}
    port: {entity: {mappings: {identifier: .id, blueprint: '"b"'}}}
  - kind: broken
    selector: {}
    port:
      entity:
        mappings:
          identifier: .id
          blueprint: '"b"'
          properties:
            nested: {list: [.a, true]}
`,
        "BITBUCKET_PORT_APP_CONFIG",
      ),
    );
    expect(error.source).toBe("BITBUCKET_PORT_APP_CONFIG");
    expect(error.problems).toEqual([
      { resourceIndex: undefined, field: "entityDeletionThreshold", message: "must be between 0 and 1" },
      { resourceIndex: 1, field: "selector.query", message: "is required" },
      {
        resourceIndex: 1,
        field: "port.entity.mappings.properties.nested.list[1]",
        message: "expected a jq expression, or an object or list of them, got true",
      },
    ]);
    expect(error.message).toBe(
      "BITBUCKET_PORT_APP_CONFIG: entityDeletionThreshold: must be between 0 and 1; " +
        "resources[1].selector.query: is required; " +
        "resources[1].port.entity.mappings.properties.nested.list[1]: expected a jq expression, or an object or list of them, got true",
    );
  });

  it("points into a malformed search query", () => {
    const error = configError(() =>
      parseMappingConfig(
        minimal.replace("identifier: .slug", "identifier: {combinator: '\"and\"', rules: [{property: '\"$identifier\"'}]}"),
        "f.yml",
      ),
    );
    expect(error.problems).toEqual([
      { resourceIndex: 0, field: "port.entity.mappings.identifier.rules[0].operator", message: "is required" },
    ]);
  });

  it("rejects invalid YAML and an empty file", () => {
    expect(configError(() => parseMappingConfig("resources: [", "a.yml")).message).toMatch(/^a\.yml: invalid YAML: /);
    expect(configError(() => parseMappingConfig("  \n", "a.yml")).message).toBe("a.yml: the file is empty");
  });
});

describeEngines("loading a mapping", () => {
  it("rejects a leaf jq cannot compile, naming resource, field and jq's message", async () => {
    const error = await loadError(
      minimal +
        `  - kind: second
    selector: {query: "true"}
    port:
      entity:
        mappings:
          identifier: .id
          blueprint: '"b"'
          properties:
            fine: .name
            broken: .foo.
            unknown: frobnicate(1)
`,
    );
    expect(error.problems).toEqual([
      {
        resourceIndex: 1,
        field: "port.entity.mappings.properties.broken",
        message: expect.stringMatching(/^jq cannot compile "\.foo\.": syntax error, unexpected end of file/),
      },
      {
        resourceIndex: 1,
        field: "port.entity.mappings.properties.unknown",
        message: 'jq cannot compile "frobnicate(1)": frobnicate/1 is not defined',
      },
    ]);
    expect(error.message).toContain("port-app-config.yml: resources[1].port.entity.mappings.properties.broken: jq cannot compile");
  });

  it("rejects a selector or itemsToParse jq cannot compile", async () => {
    const error = await loadError(
      minimal.replace('query: "true"', 'query: ".a ==" ').replace("    port:\n", "    port:\n      itemsToParse: .items[\n"),
    );
    expect(error.problems.map((p) => [p.resourceIndex, p.field])).toEqual([
      [0, "selector.query"],
      [0, "port.itemsToParse"],
    ]);
  });

  it("exposes the config, the resources and a hash that ignores key order and formatting", async () => {
    const a = await loadMapping(minimal, "a.yml");
    const b = await loadMapping(
      `resources: [{port: {entity: {mappings: {blueprint: '"repository"', identifier: .slug}}}, selector: {query: "true"}, kind: repository}]`,
      "b.yml",
    );
    const c = await loadMapping(minimal.replace(".slug", ".name"), "c.yml");
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    expect(c.hash).not.toBe(a.hash);
    expect(a.resources).toEqual([
      { index: 0, kind: "repository", selector: { query: "true" }, compiled: expect.any(Number), fallback: expect.any(Array) },
    ]);
    // selector, identifier and blueprint: each either compiled or on jq-web.
    expect(a.resources[0]!.compiled + a.resources[0]!.fallback.length).toBe(3);
    expect(a.config.entityDeletionThreshold).toBe(0.9);
    expect(a.source).toBe("a.yml");
  });

  it("maps every resource of a kind in config order", async () => {
    const mapping = await loadMapping(
      `resources:
  - kind: repo
    selector: {query: '.public'}
    port: {entity: {mappings: {identifier: .slug, blueprint: '"publicRepo"'}}}
  - kind: other
    selector: {query: "true"}
    port: {entity: {mappings: {identifier: .slug, blueprint: '"other"'}}}
  - kind: repo
    selector: {query: "true"}
    port: {entity: {mappings: {identifier: .slug, blueprint: '"repo"'}}}
`,
      "kinds.yml",
    );
    const page = await mapping.mapKind("repo", [{ slug: "a", public: true }, { slug: "b", public: false }]);
    expect(page.entities.map((e) => [e.resourceIndex, e.entity.blueprint, e.entity.identifier])).toEqual([
      [0, "publicRepo", "a"],
      [2, "repo", "a"],
      [2, "repo", "b"],
    ]);
    expect(page.filtered).toBe(1);
    expect((await mapping.mapKind("nothing", [{ slug: "a" }])).entities).toEqual([]);
    expect(() => mapping.mapResource(7, [])).toThrow(RangeError);
  });
});
