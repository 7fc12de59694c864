import { describe, expect, it } from "vitest";
import { JQ_MEMORY_RECYCLE_BYTES, JqError, jqMemoryBytes, runJq } from "../../../src/mapping/jq.ts";

describe("runJq in workerd", () => {
  it("returns every output as one compact line", async () => {
    expect(await runJq(".a[]", '{"a":[1,{"b":2}]}')).toEqual(["1", '{"b":2}']);
  });

  it("returns no lines for empty output", async () => {
    expect(await runJq("empty", "{}")).toEqual([]);
  });

  it("binds --arg values as string variables", async () => {
    expect(await runJq("[$x, $y]", "null", { args: { x: "a b", y: "1" } })).toEqual(['["a b","1"]']);
  });

  it("reports a compile error with exit code 3 and jq's message, and stays usable", async () => {
    const error = await runJq(".a.", "{}").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JqError);
    expect((error as JqError).exitCode).toBe(3);
    expect((error as JqError).stderr).toContain("syntax error");
    expect(await runJq(".a", '{"a":1}')).toEqual(["1"]);
  });

  it("reports a runtime error with exit code 5", async () => {
    const error = await runJq('error("boom")', "{}").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JqError);
    expect((error as JqError).exitCode).toBe(5);
    expect((error as JqError).message).toContain("boom");
  });

  it("recycles the instance once its memory has grown past the threshold", async () => {
    await runJq(".", "1");
    const before = await jqMemoryBytes();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(JQ_MEMORY_RECYCLE_BYTES);
    // A string of ~16 MiB held three times over forces the wasm heap past the threshold.
    const lines = await runJq("[range(0; 1048576) | \"0123456789abcdef\"] | add | length", "null");
    expect(lines).toEqual([String(16 * 1048576)]);
    expect(await jqMemoryBytes()).toBe(0);
    expect(await runJq(".", "2")).toEqual(["2"]);
    expect(await jqMemoryBytes()).toBeLessThan(JQ_MEMORY_RECYCLE_BYTES);
  });
});
