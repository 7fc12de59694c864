import { expect, it } from "vitest";
import { describeEngines, compileOne } from "./support.ts";

// Cases from Ocean's port_ocean/tests/core/integrations/mixins/test_integration_utils.py.
const parent = { id: "1", name: "test-parent", metadata: { key: "value" }, items: [{ sub_id: "a" }, { sub_id: "b" }] };

/** Maps each expanded item to itself (minus nothing) so the tests see what the leaves saw. */
const echo = { identifier: '.id + "-" + .item.sub_id', blueprint: '"child"', properties: { seen: "." } };

describeEngines("itemsToParse", () => {
  it("makes one entity per element and removes the parsed path from the parent by default", async () => {
    const mapping = await compileOne(echo, "true", { itemsToParse: ".items" });
    const page = await mapping.mapResource(0, [parent]);
    expect(page.entities.map((e) => e.entity.properties.seen)).toEqual([
      { id: "1", name: "test-parent", metadata: { key: "value" }, item: { sub_id: "a" } },
      { id: "1", name: "test-parent", metadata: { key: "value" }, item: { sub_id: "b" } },
    ]);
    expect(page.entities.map((e) => e.entity.identifier)).toEqual(["1-a", "1-b"]);
  });

  it("keeps the parsed path with itemsToParseTopLevelTransform: false", async () => {
    const mapping = await compileOne(echo, "true", { itemsToParse: ".items", itemsToParseTopLevelTransform: false });
    const page = await mapping.mapResource(0, [parent]);
    expect(page.entities.map((e) => e.entity.properties.seen)).toEqual([
      { ...parent, item: { sub_id: "a" } },
      { ...parent, item: { sub_id: "b" } },
    ]);
  });

  it("deletes a nested path", async () => {
    const mapping = await compileOne(echo, "true", { itemsToParse: ".data.nested.items" });
    const page = await mapping.mapResource(0, [{ id: "1", name: "test", data: { nested: { items: [{ sub_id: "a" }], other: 1 } } }]);
    expect(page.entities[0]?.entity.properties.seen).toEqual({
      id: "1",
      name: "test",
      data: { nested: { other: 1 } },
      item: { sub_id: "a" },
    });
  });

  it("lets jq find the path behind a fallback", async () => {
    const mapping = await compileOne(echo, "true", { itemsToParse: ".file.content // []" });
    const page = await mapping.mapResource(0, [{ id: "1", file: { content: [{ sub_id: "a" }], path: "p" } }]);
    expect(page.entities[0]?.entity.properties.seen).toEqual({ id: "1", file: { path: "p" }, item: { sub_id: "a" } });
  });

  it("keeps the parent whole when the expression is not a path", async () => {
    const mapping = await compileOne(echo, "true", { itemsToParse: "[.items[] | select(.sub_id == \"b\")]" });
    const page = await mapping.mapResource(0, [parent]);
    expect(page.entities.map((e) => e.entity.properties.seen)).toEqual([{ ...parent, item: { sub_id: "b" } }]);
  });

  it("uses itemsToParseName", async () => {
    const mapping = await compileOne(
      { identifier: ".pkg.name", blueprint: '"package"', properties: { owner: ".id" } },
      "true",
      { itemsToParse: ".items", itemsToParseName: "pkg" },
    );
    const page = await mapping.mapResource(0, [{ id: "o", items: [{ name: "x" }, { name: "y" }] }]);
    expect(page.entities.map((e) => [e.entity.identifier, e.entity.properties.owner])).toEqual([
      ["x", "o"],
      ["y", "o"],
    ]);
  });

  it("keeps parents apart across several raw items", async () => {
    const mapping = await compileOne(echo, "true", { itemsToParse: ".items" });
    const page = await mapping.mapResource(0, [
      { id: "1", items: [{ sub_id: "a" }] },
      { id: "2", items: [{ sub_id: "b" }, { sub_id: "c" }] },
    ]);
    expect(page.entities.map((e) => [e.entity.identifier, e.item])).toEqual([
      ["1-a", 0],
      ["2-b", 1],
      ["2-c", 1],
    ]);
  });

  it("skips a raw item whose expression is not a list, with an issue", async () => {
    const mapping = await compileOne(echo, "true", { itemsToParse: ".items" });
    const page = await mapping.mapResource(0, [{ id: "1", items: "not-a-list" }, { id: "2", items: [{ sub_id: "z" }] }]);
    expect(page.entities.map((e) => e.entity.identifier)).toEqual(["2-z"]);
    expect(page.issues).toEqual([
      {
        kind: "thing",
        resourceIndex: 0,
        field: "port.itemsToParse",
        message: "itemsToParse .items: expected a list, got string; item skipped",
      },
    ]);
  });

  it("reports an itemsToParse runtime error and skips the item", async () => {
    const mapping = await compileOne(echo, "true", { itemsToParse: ".items | map(.x + 1)" });
    const page = await mapping.mapResource(0, [{ id: "1", items: [{ x: "s" }] }]);
    expect(page.entities).toEqual([]);
    expect(page.issues[0]?.message).toBe(
      'itemsToParse .items | map(.x + 1) failed: string ("s") and number (1) cannot be added',
    );
  });

  it("applies the selector to each expanded item", async () => {
    const mapping = await compileOne(echo, '.item.sub_id != "a"', { itemsToParse: ".items" });
    const page = await mapping.mapResource(0, [parent], { parseAll: true });
    expect(page.entities.map((e) => e.entity.identifier)).toEqual(["1-b"]);
    expect(page.rejected.map((e) => e.entity.identifier)).toEqual(["1-a"]);
    expect(page.filtered).toBe(1);
  });

  it("does not change the caller's items", async () => {
    const mapping = await compileOne(echo, "true", { itemsToParse: ".items" });
    const items = [structuredClone(parent)];
    await mapping.mapResource(0, items);
    expect(items).toEqual([parent]);
  });
});
