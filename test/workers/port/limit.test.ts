import { describe, expect, it } from "vitest";
import { createLimit } from "../../../src/runtime/limit.ts";

describe("createLimit", () => {
  it("never runs more than `concurrency` tasks at once and runs them all", async () => {
    const limit = createLimit(3);
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5 + (i % 3) * 3));
          active--;
          done.push(i);
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
  });

  it("frees the slot of a failed task and passes its error on", async () => {
    const limit = createLimit(1);
    await expect(limit(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limit(async () => 42)).resolves.toBe(42);
  });

  it("refuses a concurrency below one", () => {
    expect(() => createLimit(0)).toThrow(RangeError);
  });
});
