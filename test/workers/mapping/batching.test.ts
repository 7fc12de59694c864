import { expect, it } from "vitest";
import { chunkItems } from "../../../src/mapping/run.ts";
import { jqMemoryBytes } from "../../../src/mapping/jq.ts";
import { describeEngines, compileOne } from "./support.ts";

const mappings = {
  identifier: '"item-" + (.n | tostring)',
  blueprint: '"b"',
  properties: { n: ".n", half: "if .n % 2 == 0 then .n / 2 else error(\"odd\") end", blob: ".blob | length" },
};

const items = Array.from({ length: 25 }, (_, n) => ({ n, blob: "x".repeat(n * 10) }));

describeEngines("call bounds", () => {
  it("cuts by count and by size, never leaving an item out or splitting one", () => {
    const texts = ["aaaa", "bb", "cccccc", "d", "eeeeeeeeeeee", "f"];
    expect(chunkItems(texts, { maxItemsPerCall: 2, maxBytesPerCall: 1000 })).toEqual([
      ["aaaa", "bb"],
      ["cccccc", "d"],
      ["eeeeeeeeeeee", "f"],
    ]);
    expect(chunkItems(texts, { maxItemsPerCall: 100, maxBytesPerCall: 10 })).toEqual([
      ["aaaa", "bb"],
      ["cccccc", "d"],
      ["eeeeeeeeeeee"],
      ["f"],
    ]);
    expect(chunkItems([], { maxItemsPerCall: 1, maxBytesPerCall: 1 })).toEqual([]);
  });

  it.each([
    ["by count", { maxItemsPerCall: 4 }],
    ["by size", { maxBytesPerCall: 300 }],
    ["one item per call", { maxItemsPerCall: 1 }],
  ])("maps a page across several calls exactly as in one call (%s)", async (_name, bounds) => {
    const whole = await (await compileOne(mappings, ".n != 3")).mapResource(0, items, { parseAll: true });
    const split = await (await compileOne(mappings, ".n != 3", {}, bounds)).mapResource(0, items, { parseAll: true });
    expect(whole.entities).toHaveLength(24);
    expect(whole.rejected).toHaveLength(1);
    expect(whole.issues).toHaveLength(12);
    expect(split).toEqual(whole);
    expect(split.entities.map((e) => e.item)).toEqual(items.map((_, n) => n).filter((n) => n !== 3));
  });

  it("keeps wasm memory bounded while mapping a page far larger than one call", async () => {
    const big = Array.from({ length: 6000 }, (_, n) => ({ n, blob: "y".repeat(400), tags: [{ name: `v${n}` }] }));
    const mapping = await compileOne(mappings, "true");
    const page = await mapping.mapResource(0, big);
    expect(page.entities).toHaveLength(6000);
    expect(page.entities[5999]?.entity.properties).toEqual({ n: 5999, half: null, blob: 400 });
    expect(await jqMemoryBytes()).toBeLessThan(64 * 1024 * 1024);
  });
});
