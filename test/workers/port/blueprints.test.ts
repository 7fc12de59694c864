import { describe, expect, it } from "vitest";
import { creationOrder } from "../../../src/port/blueprints.ts";

describe("creationOrder", () => {
  const bp = (identifier: string, ...targets: string[]) => ({
    identifier,
    relations: Object.fromEntries(targets.map((t) => [t, { target: t }])),
  });

  it("creates relation targets first and ignores targets outside the set and self-relations", () => {
    const order = creationOrder([bp("artifact", "repository", "_team"), bp("repository", "project"), bp("project", "project")]);
    expect(order.map((b) => b.identifier)).toEqual(["project", "repository", "artifact"]);
  });

  it("reports a cycle instead of guessing", () => {
    expect(() => creationOrder([bp("a", "b"), bp("b", "a")])).toThrow(/cycle: a → b → a/);
  });
});
