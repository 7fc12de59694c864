import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, parseEntities } from "../../../plugins/bitbucket-gitops/entities.ts";

describe("port.yaml parsing", () => {
  it("takes one entity or a list, with optional properties and single or many relations", () => {
    const one = parseEntities("identifier: a\ntitle: A\nblueprint: service\n");
    expect(one).toMatchObject({ ok: true, entities: [{ identifier: "a", properties: {}, relations: {} }], problems: [] });
    const list = parseEntities(
      "- identifier: a\n  title: A\n  blueprint: service\n  relations: {owner: t, deps: [b, c], gone: null}\n- identifier: b\n  title: B\n  blueprint: service\n",
    );
    expect(list).toMatchObject({ ok: true, problems: [] });
    expect(list.ok && list.entities.map((e) => e.relations)).toEqual([{ owner: "t", deps: ["b", "c"], gone: null }, {}]);
  });

  it("treats an empty file or an empty list as no entities", () => {
    expect(parseEntities("")).toEqual({ ok: true, entities: [], problems: [], declared: [] });
    expect(parseEntities("# only a comment\n")).toEqual({ ok: true, entities: [], problems: [], declared: [] });
    expect(parseEntities("[]\n")).toEqual({ ok: true, entities: [], problems: [], declared: [] });
  });

  it("names the index and field of each invalid entity and keeps the valid ones", () => {
    const parsed = parseEntities(
      "- identifier: ok\n  title: Ok\n  blueprint: service\n- identifier: bad id\n  title: 5\n  blueprint: service\n- just a string\n- identifier: rel\n  title: Rel\n  blueprint: service\n  relations: {owner: [1]}\n",
    );
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.entities.map((e) => e.identifier)).toEqual(["ok"]);
    expect(parsed.problems.map((p) => [p.index, p.field])).toEqual([
      [1, "identifier"],
      [1, "title"],
      [2, "(entity)"],
      [3, "relations.owner"],
    ]);
    // Invalid entities with an identifier are still declared, so a push never deletes them.
    expect(parsed.declared.map((d) => d.identifier)).toEqual(["ok", "bad id", "rel"]);
  });

  it("refuses broken YAML, scalars, several documents, duplicate keys, oversized files and alias bombs", () => {
    const refused = (text: string) => {
      const parsed = parseEntities(text);
      expect(parsed.ok, text.slice(0, 40)).toBe(false);
      return parsed.ok ? "" : parsed.message;
    };
    expect(refused("identifier: [unclosed\n")).toMatch(/^invalid YAML/);
    expect(refused("just text\n")).toBe("expected an entity or a list of entities, got a string");
    expect(refused("identifier: a\n---\nidentifier: b\n")).toMatch(/more than one document/);
    expect(refused("identifier: a\nidentifier: b\ntitle: A\nblueprint: s\n")).toMatch(/^invalid YAML/);
    expect(refused(`identifier: a\ntitle: "${"x".repeat(MAX_FILE_BYTES)}"\nblueprint: s\n`)).toMatch(/more than the \d+ allowed/);
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`);
    expect(refused(bomb.join("\n") + "\n")).toMatch(/^invalid YAML: .*alias/i);
  });
});
