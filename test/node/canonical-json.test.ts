import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/mapping/hash.ts";

/** Content hashes stored by earlier cycles are compared with new ones: the text must never drift. */
describe("canonicalJson", () => {
  it("sorts keys by code units at every level and drops undefined members", () => {
    const value = { b: 1, a: { d: undefined, c: [3, { z: null, "é": "x", Z: true }] }, "10": -0, "2": 1e21 };
    expect(canonicalJson(value)).toBe('{"10":0,"2":1e+21,"a":{"c":[3,{"Z":true,"z":null,"é":"x"}]},"b":1}');
  });

  it("writes undefined and functions in arrays as null, and quotes keys as JSON does", () => {
    expect(canonicalJson([1, undefined, () => 1, "\u2028"])).toBe('[1,null,null,"\u2028"]');
    expect(canonicalJson({ 'a"\n': 1 })).toBe('{"a\\"\\n":1}');
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson({})).toBe("{}");
    expect(canonicalJson([])).toBe("[]");
  });

  it("is the same text whatever the key order", () => {
    expect(canonicalJson({ x: { q: 1, p: [{ b: 2, a: 1 }] }, w: "v" })).toBe(canonicalJson({ w: "v", x: { p: [{ a: 1, b: 2 }], q: 1 } }));
  });
});
