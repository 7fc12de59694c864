import { describe, expect, it } from "vitest";
import { jsonBytes, packBatches, packedBody } from "../../../src/port/batch.ts";

const item = (id: number, bytes = 0) => ({ identifier: `e${id}`, properties: { pad: "x".repeat(bytes) } });
const bodyBytes = (batch: unknown[]) => jsonBytes({ entities: batch });

describe("packBatches", () => {
  it("caps the item count and keeps order", () => {
    const items = Array.from({ length: 45 }, (_, i) => item(i));
    const { batches, oversized } = packBatches(items, "entities", (x) => x, { maxItems: 20, maxBytes: 1 << 20 });
    expect(batches.map((b) => b.length)).toEqual([20, 20, 5]);
    expect(batches.flat()).toEqual(items);
    expect(oversized).toEqual([]);
  });

  it("keeps every body within the byte limit, counted exactly as JSON.stringify writes it", () => {
    const items = Array.from({ length: 30 }, (_, i) => item(i, 90 + (i % 7) * 13));
    const maxBytes = 700;
    const { batches } = packBatches(items, "entities", (x) => x, { maxItems: 20, maxBytes });
    expect(batches.flat()).toEqual(items);
    for (const batch of batches) expect(bodyBytes(batch)).toBeLessThanOrEqual(maxBytes);
    // Greedy: adding the next item's first element would have crossed the limit.
    for (let i = 0; i < batches.length - 1; i++) {
      expect(bodyBytes([...batches[i]!, batches[i + 1]![0]])).toBeGreaterThan(maxBytes);
    }
  });

  it("hands back each batch's body as JSON.stringify writes it, items serialised once", () => {
    const items = [item(1), { identifier: "ü\u2028\"", properties: { text: "€", n: [1.5, null] } }, item(3, 40)];
    const wire = (x: (typeof items)[number]) => ({ identifier: x.identifier, properties: x.properties });
    const { batches, json } = packBatches(items, "entities", wire, { maxItems: 2, maxBytes: 1 << 20 });
    expect(batches.map((b) => b.length)).toEqual([2, 1]);
    batches.forEach((batch, i) => expect(packedBody("entities", json[i]!)).toBe(JSON.stringify({ entities: batch.map(wire) })));
  });

  it("counts multi-byte characters in UTF-8", () => {
    const wide = { identifier: "ü", properties: { text: "€".repeat(50) } };
    const size = bodyBytes([wide]);
    expect(packBatches([wide], "entities", (x) => x, { maxItems: 20, maxBytes: size }).batches).toEqual([[wide]]);
    expect(packBatches([wide], "entities", (x) => x, { maxItems: 20, maxBytes: size - 1 }).oversized).toEqual([wide]);
  });

  it("sets aside items that cannot fit even alone and sizes what goes on the wire", () => {
    const items = [item(1), item(2, 2000), item(3)];
    const { batches, oversized } = packBatches(items, "entities", (x) => ({ identifier: x.identifier, properties: x.properties }), {
      maxItems: 20,
      maxBytes: 1000,
    });
    expect(oversized).toEqual([items[1]]);
    expect(batches).toEqual([[items[0], items[2]]]);
  });
});
