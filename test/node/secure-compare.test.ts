import { describe, expect, it } from "vitest";
import { secureEqual } from "../../src/runtime/secure-compare.ts";

describe("secureEqual", () => {
  it.each([
    ["s3cret", "s3cret", true],
    ["", "", true],
    ["Bearer é😀", "Bearer é😀", true],
    ["s3cres", "s3cret", false],
    ["s3cre", "s3cret", false],
    ["s3crets3cret", "s3cret", false],
    ["", "s3cret", false],
    ["s3cret", "", false],
    ["S3CRET", "s3cret", false],
  ])("%j against %j is %s", async (given, expected, equal) => {
    expect(await secureEqual(given, expected)).toBe(equal);
  });
});
