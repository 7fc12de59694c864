import { describe, expect, it } from "vitest";
import { compileJq, isSupported, JqRuntimeError, JqSyntaxError, JqUnsupportedError } from "../../../src/jq/index.ts";

describe("compileJq", () => {
  it("returns every output in order, and only the first without running the rest", () => {
    const program = compileJq(".a[] | if . == 2 then error(\"never reached by first\") else . end");
    expect(program.first({ a: [1, 2] })).toBe(1);
    expect(() => program.all({ a: [1, 2] })).toThrow("never reached by first");
    expect(compileJq(".[]").all([1, [2], { c: 3 }])).toEqual([1, [2], { c: 3 }]);
  });

  it("gives undefined for no output and null for a null output", () => {
    expect(compileJq("empty").first(null)).toBeUndefined();
    expect(compileJq(".missing").first({})).toBeNull();
    expect(compileJq("empty").all(1)).toEqual([]);
  });

  it("stops an infinite generator at the first output", () => {
    expect(compileJq("repeat(1)").first(null)).toBe(1);
    expect(compileJq("range(infinite)").first(null)).toBe(0);
  });

  it("binds the caller's $variables by name, null when not passed", () => {
    const program = compileJq("$kind + \"/\" + .id", { vars: ["kind", "other"] });
    expect(program.first({ id: "x" }, { kind: "image" })).toBe("image/x");
    expect(compileJq("$other", { vars: ["other"] }).first(null)).toBeNull();
    expect(() => compileJq("$undeclared")).toThrow(JqSyntaxError);
  });

  it("raises jq's run-time errors with jq's message and error/1's value", () => {
    const fail = (source: string, input: unknown) => {
      try {
        compileJq(source).all(input as never);
      } catch (error) {
        return error;
      }
      throw new Error("no error");
    };
    const index = fail(".foo", 5) as JqRuntimeError;
    expect(index).toBeInstanceOf(JqRuntimeError);
    expect(index.message).toBe('Cannot index number with string "foo"');
    expect((fail(".[]", null) as Error).message).toBe("Cannot iterate over null (null)");
    expect((fail(". + [1]", { a: 1 }) as Error).message).toBe('object ({"a":1}) and array ([1]) cannot be added');
    const custom = fail('error({"code": 1})', null) as JqRuntimeError;
    expect(custom.value).toEqual({ code: 1 });
    expect(custom.message).toBe('{"code":1} (not a string)');
  });

  it("refuses what jq refuses to compile, and names what it leaves to jq-web", () => {
    expect(() => compileJq(".a |")).toThrow(JqSyntaxError);
    expect(() => compileJq("nosuchfunction")).toThrow(JqSyntaxError);
    for (const [source, feature] of [
      ["$ENV.HOME", "$ENV"],
      ["input", "input/0"],
      ['test("(?i)a")', "regex"],
      ['test(.re)', "regex"],
      ['strptime("%s")', "strptime directive %s"],
      [". as [$a] ?// $a | $a", "?//"],
    ] as const) {
      let error: unknown;
      try {
        compileJq(source);
      } catch (e) {
        error = e;
      }
      expect(error, source).toBeInstanceOf(JqUnsupportedError);
      expect((error as JqUnsupportedError).feature, source).toContain(feature);
    }
    expect(isSupported(".a | tostring")).toBe(true);
    expect(isSupported("input")).toBe(false);
  });

  it("leaves the input untouched by updates", () => {
    const item = { a: { b: [1, 2] } };
    expect(compileJq(".a.b[0] = 9 | del(.a.b[1])").first(item)).toEqual({ a: { b: [9] } });
    expect(item).toEqual({ a: { b: [1, 2] } });
  });

  it("keeps __proto__ an ordinary key", () => {
    const item = JSON.parse('{"__proto__": {"polluted": true}}');
    expect(compileJq('.["__proto__"].polluted').first(item)).toBe(true);
    expect(compileJq('{"__proto__": 1} | keys').first(null)).toEqual(["__proto__"]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
