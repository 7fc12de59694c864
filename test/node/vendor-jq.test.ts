import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DTS, transformJqSource } from "../../src/build/vendor-jq.mjs";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("the committed jq loader (src/vendor/)", () => {
  it("is what the installed jq-web rewrites to; else run `node src/build/vendor-jq.mjs` and commit it", () => {
    expect(read("src/vendor/jq.js") === transformJqSource(read("node_modules/jq-web/jq.js"))).toBe(true);
    expect(read("src/vendor/jq.d.ts")).toBe(DTS);
  });

  it("refuses a jq-web whose code moved instead of writing a loader that breaks at runtime", () => {
    const moved = read("node_modules/jq-web/jq.js").replace("var ENVIRONMENT_IS_WEB = typeof window == 'object';", "");
    expect(() => transformJqSource(moved)).toThrow(/marker for "pin the environment" found 0 times/);
  });
});
