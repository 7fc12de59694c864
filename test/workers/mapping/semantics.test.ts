import { expect, it } from "vitest";
import { describeEngines, compileOne, mapOne } from "./support.ts";

// Cases from Ocean's port_ocean/tests/core/handlers/entity_processor/test_jq_entity_processor*.py.
describeEngines("Ocean's per-leaf jq semantics", () => {
  it("evaluates a simple path", async () => {
    const page = await mapOne({ foo: ".foo" }, { id: "1", foo: "bar" });
    expect(page.entities[0]?.entity.properties).toEqual({ foo: "bar" });
  });

  it.each([
    [".organization + '/' + .repository", "port/ocean"],
    [".organization + '/'", "port/"],
    ["'/' + .organization", "/port"],
  ])("rewrites single-quoted strings: %s", async (program, expected) => {
    const page = await mapOne({ x: program }, { id: "1", repository: "ocean", organization: "port" });
    expect(page.entities[0]?.entity.properties.x).toBe(expected);
    expect(page.issues).toEqual([]);
  });

  it("keeps quotes that are part of a word", async () => {
    const page = await mapOne({ x: `"it's" + " ok"` }, { id: "1" });
    expect(page.entities[0]?.entity.properties.x).toBe("it's ok");
  });

  it("takes a double-quoted literal as a string constant ('\"shalom\"' in YAML)", async () => {
    const page = await mapOne({ x: '"shalom"' }, { id: "1", foo: "bar" });
    expect(page.entities[0]?.entity.properties.x).toBe("shalom");
  });

  it("supports IN(...)", async () => {
    const item = {
      id: "1",
      subViews: [
        { key: "GetPort_SelfService_Second", qualifier: "SVW" },
        { key: "Python", qualifier: "SVW" },
        { key: "GetPort_SelfService:Authentication_Application", qualifier: "APP" },
        { key: "Top", qualifier: "VW" },
      ],
    };
    const page = await mapOne({ x: '.subViews | map(select((.qualifier | IN("VW", "SVW"))) | .key)' }, item);
    expect(page.entities[0]?.entity.properties.x).toEqual(["GetPort_SelfService_Second", "Python", "Top"]);
  });

  it("keeps only the first output, and null when there is none", async () => {
    const item = {
      id: "1",
      parameters: [
        { name: "parameter_name", value: "parameter_value" },
        { name: "another_parameter", value: "another_value" },
        { name: "another_parameter", value: "another_value2" },
      ],
    };
    const page = await mapOne(
      {
        one: '.parameters[] | select(.name == "parameter_name") | .value',
        first: '.parameters[] | select(.name == "another_parameter") | .value',
        none: '.parameters[] | select(.name == "not_exists") | .value',
        list: "[.parameters[].value]",
      },
      item,
    );
    expect(page.entities[0]?.entity.properties).toEqual({
      one: "parameter_value",
      first: "another_value",
      none: null,
      list: ["parameter_value", "another_value", "another_value2"],
    });
    expect(page.issues).toEqual([]);
  });

  it("never asks an endless generator for a second output", async () => {
    const page = await mapOne({ x: "range(7; infinite)", y: ".a | repeat(.)" }, { id: "1", a: 2 });
    expect(page.entities[0]?.entity.properties).toEqual({ x: 7, y: 2 });
  });

  it("stops at the first output, so a later error does not count", async () => {
    const page = await mapOne({ x: '1, error("late")' }, { id: "1" });
    expect(page.entities[0]?.entity.properties.x).toBe(1);
    expect(page.issues).toEqual([]);
  });

  it("turns a failing leaf into null and records item, field and jq's message", async () => {
    const page = await mapOne({ ok: ".foo", bad: '.foo | test("a")', worse: 'error({"code": 7})' }, { id: "x1", foo: 5 });
    expect(page.entities[0]?.entity.properties).toEqual({ ok: 5, bad: null, worse: null });
    expect(page.issues).toEqual([
      {
        kind: "thing",
        resourceIndex: 0,
        item: "x1",
        field: "properties.bad",
        message: "number (5) cannot be matched, as it is not a string",
      },
      { kind: "thing", resourceIndex: 0, item: "x1", field: "properties.worse", message: '{"code":7}' },
    ]);
  });

  it("isolates a bad leaf: other items and leaves of the same call are unaffected", async () => {
    const mapping = await compileOne({ identifier: ".id", blueprint: '"b"', properties: { n: ".n + 1" } });
    const page = await mapping.mapResource(0, [{ id: "a", n: 1 }, { id: "b", n: "x" }, { id: "c", n: 3 }]);
    expect(page.entities.map((e) => [e.entity.identifier, e.entity.properties.n])).toEqual([
      ["a", 2],
      ["b", null],
      ["c", 4],
    ]);
    expect(page.issues.map((i) => [i.item, i.field])).toEqual([["b", "properties.n"]]);
  });

  it("recurses into nested objects and lists of templates, with field paths", async () => {
    const page = await mapOne(
      { nested: { a: ".a", deeper: { b: ".b" }, list: [".a", { c: ".c | ascii_downcase" }, null] } },
      { id: "1", a: 1, b: 2, c: 3 },
    );
    expect(page.entities[0]?.entity.properties.nested).toEqual({ a: 1, deeper: { b: 2 }, list: [1, { c: null }, null] });
    expect(page.issues.map((i) => i.field)).toEqual(["properties.nested.list[1].c"]);
  });

  it("evaluates search-query identifiers and relations to objects (every leaf is jq)", async () => {
    const query = (value: string) => ({
      combinator: '"and"',
      rules: [
        { property: '"$identifier"', operator: '"="', value },
        { combinator: '"or"', rules: [{ property: '"$title"', operator: '"contains"', value: ".name" }] },
      ],
    });
    const mapping = await compileOne({ identifier: query(".id"), blueprint: '"b"', relations: { owner: query(".owner") } });
    const page = await mapping.mapResource(0, [{ id: "svc", name: "Svc", owner: "team-a" }]);
    const resolved = (value: string) => ({
      combinator: "and",
      rules: [
        { property: "$identifier", operator: "=", value },
        { combinator: "or", rules: [{ property: "$title", operator: "contains", value: "Svc" }] },
      ],
    });
    expect(page.entities[0]?.entity).toEqual({
      identifier: resolved("svc"),
      blueprint: "b",
      properties: {},
      relations: { owner: resolved("team-a") },
    });
  });

  it("maps title, icon and team only when configured; properties and relations default to {}", async () => {
    const mapping = await compileOne({ identifier: ".id", blueprint: '"b"', icon: '"Docker"', team: ".team", title: null });
    const page = await mapping.mapResource(0, [{ id: "1", team: "core" }]);
    expect(page.entities[0]?.entity).toEqual({
      identifier: "1",
      title: null,
      blueprint: "b",
      icon: "Docker",
      team: "core",
      properties: {},
      relations: {},
    });
  });

  it("supports a dynamic blueprint", async () => {
    const mapping = await compileOne({ identifier: ".id", blueprint: '.type + "Artifact"' });
    const page = await mapping.mapResource(0, [{ id: "1", type: "image" }]);
    expect(page.entities[0]?.entity.blueprint).toBe("imageArtifact");
  });

  it("hides the runtime's environment: env and $ENV are the given allowlist", async () => {
    const mapping = await compileOne(
      { identifier: ".id", blueprint: '"b"', properties: { a: "env.REGION", b: "$ENV.REGION", c: "env.USER" } },
      "true",
      {},
      { env: { REGION: "eu" } },
    );
    const page = await mapping.mapResource(0, [{ id: "1" }]);
    expect(page.entities[0]?.entity.properties).toEqual({ a: "eu", b: "eu", c: null });
  });

  it("keeps a leaf's own definitions local to it", async () => {
    const page = await mapOne({ x: "def twice: . * 2; .a | twice", y: "def twice: . + 1; .a | twice" }, { id: "1", a: 5 });
    expect(page.entities[0]?.entity.properties).toEqual({ x: 10, y: 6 });
  });

  it("keeps a trailing comment inside its leaf", async () => {
    const page = await mapOne({ x: ".a # the a field" }, { id: "1", a: 4 });
    expect(page.entities[0]?.entity.properties.x).toBe(4);
  });
});

describeEngines("selector", () => {
  it("maps only items whose selector is true and counts the others as filtered", async () => {
    const mapping = await compileOne({ identifier: ".id", blueprint: '"b"' }, '.foo == "bar"');
    const page = await mapping.mapResource(0, [{ id: "1", foo: "bar" }, { id: "2", foo: "baz" }]);
    expect(page.entities.map((e) => e.entity.identifier)).toEqual(["1"]);
    expect(page.rejected).toEqual([]);
    expect(page.filtered).toBe(1);
  });

  it.each([
    [".foo", { id: "i1", foo: "bar" }, `Expected boolean value for pattern '.foo', got value:"bar" of type: string instead`],
    [".n", { id: "i1", n: 1 }, `Expected boolean value for pattern '.n', got value:1 of type: number instead`],
    [".missing", { id: "i1" }, `Expected boolean value for pattern '.missing', got value:null of type: null instead`],
    ['"true"', { id: "i1" }, `Expected boolean value for pattern '"true"', got value:"true" of type: string instead`],
  ])("requires a real boolean: %s", async (query, item, message) => {
    const mapping = await compileOne({ identifier: ".id", blueprint: '"b"' }, query);
    const page = await mapping.mapResource(0, [item], { parseAll: true });
    expect(page.entities).toEqual([]);
    expect(page.rejected).toEqual([]);
    expect(page.issues).toEqual([{ kind: "thing", resourceIndex: 0, item: "i1", field: "selector.query", message }]);
  });

  it("reports a selector runtime error per item without failing the others", async () => {
    const mapping = await compileOne({ identifier: ".id", blueprint: '"b"' }, '.name | test("^svc")');
    const page = await mapping.mapResource(0, [{ id: "1", name: "svc-a" }, { id: "2" }, { id: "3", name: "web" }]);
    expect(page.entities.map((e) => e.entity.identifier)).toEqual(["1"]);
    expect(page.filtered).toBe(1);
    expect(page.issues).toEqual([
      {
        kind: "thing",
        resourceIndex: 0,
        item: "2",
        field: "selector.query",
        message: `selector query '.name | test("^svc")' failed: null (null) cannot be matched, as it is not a string`,
      },
    ]);
  });

  it("rewrites single quotes in the selector too", async () => {
    const mapping = await compileOne({ identifier: ".id", blueprint: '"b"' }, ".status == 'active'");
    const page = await mapping.mapResource(0, [{ id: "1", status: "active" }, { id: "2", status: "archived" }]);
    expect(page.entities.map((e) => e.entity.identifier)).toEqual(["1"]);
  });

  it("with parseAll maps selector-failing items into rejected", async () => {
    const mapping = await compileOne({ identifier: ".id", blueprint: '"b"', title: ".name" }, ".active");
    const page = await mapping.mapResource(0, [{ id: "1", active: true }, { id: "2", active: false, name: "two" }], {
      parseAll: true,
    });
    expect(page.entities.map((e) => e.entity.identifier)).toEqual(["1"]);
    expect(page.rejected).toEqual([
      { entity: { identifier: "2", title: "two", blueprint: "b", properties: {}, relations: {} }, resourceIndex: 0, item: 1 },
    ]);
    expect(page.filtered).toBe(1);
  });
});

describeEngines("empty identifier or blueprint", () => {
  it.each([
    ["empty string identifier", { foo: "", bar: "bp" }],
    ["empty string blueprint", { foo: "id", bar: "" }],
    ["null blueprint", { foo: "id", bar: null }],
    ["missing identifier", { bar: "bp" }],
    ["zero identifier", { foo: 0, bar: "bp" }],
    ["false blueprint", { foo: "id", bar: false }],
    ["empty list identifier", { foo: [], bar: "bp" }],
  ])("skips and counts the item: %s", async (_case, item) => {
    const mapping = await compileOne({ identifier: ".foo", blueprint: ".bar" });
    const page = await mapping.mapResource(0, [item, { foo: "ok", bar: "bp" }]);
    expect(page.entities.map((e) => e.entity.identifier)).toEqual(["ok"]);
    expect(page.skipped).toBe(1);
  });

  it("counts skips among rejected items too with parseAll", async () => {
    const mapping = await compileOne({ identifier: ".foo", blueprint: '"b"' }, ".keep");
    const page = await mapping.mapResource(0, [{ keep: false, foo: "" }, { keep: false, foo: "x" }], { parseAll: true });
    expect(page.rejected.map((r) => r.entity.identifier)).toEqual(["x"]);
    expect(page.skipped).toBe(1);
    expect(page.filtered).toBe(2);
  });

  it("skips a non-string identifier with an issue instead of sending it to Port", async () => {
    const mapping = await compileOne({ identifier: ".id", blueprint: '"b"' });
    const page = await mapping.mapResource(0, [{ id: 42 }]);
    expect(page.entities).toEqual([]);
    expect(page.skipped).toBe(1);
    expect(page.issues).toEqual([
      { kind: "thing", resourceIndex: 0, field: "identifier", message: "must be a string or a search query, got number" },
    ]);
  });
});
