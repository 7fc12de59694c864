import { beforeAll, describe, expect, it } from "vitest";
import { type TestEnv } from "../../support/app.ts";
import { expected, seed } from "../../fixtures/bitbucket/gitops.ts";
import { errors, harness, hooks, identifiers, resyncAgain, runCycle, type Harness } from "../bitbucket/support.ts";
import { captureLogs, expectNoSecrets, statusText } from "./corpus.ts";

/**
 * Hostile port.yaml files, one per repository of a project of their own, all read by one resync.
 * Each repository first declared one valid entity; a refused file keeps it, a partly valid file
 * writes its valid entities and keeps it, and every other repository still syncs.
 */

const billionLaughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(",")}]`),
  "identifier: bomb\ntitle: bomb\nblueprint: service",
].join("\n");

const entity = (id: string, extra = "") => `identifier: ${id}\ntitle: ${id}\nblueprint: service\n${extra}`;

interface Row {
  name: string;
  file: string;
  /** refused: nothing from the file is written, what the repository declared is kept. */
  outcome: "refused" | "partial" | "written" | "emptied";
  /** The reason reported in /status errors, after "HOST/<slug>: port.yaml: ". */
  says?: RegExp;
  /** Identifiers the file must bring into Port. */
  writes?: string[];
}

const rows: Row[] = [
  { name: "invalid YAML", file: "identifier: x\ntitle: [unclosed\nblueprint: service\n", outcome: "refused", says: /invalid YAML/ },
  { name: "billion laughs (aliases)", file: billionLaughs, outcome: "refused", says: /invalid YAML: .*alias/i },
  { name: "a plain string", file: "just some text\n", outcome: "refused", says: /expected an entity or a list of entities, got a string/ },
  { name: "a number", file: "42\n", outcome: "refused", says: /got a number/ },
  { name: "duplicate keys", file: "identifier: a\nidentifier: b\ntitle: t\nblueprint: service\n", outcome: "refused", says: /invalid YAML: .*unique/i },
  { name: "two documents", file: `${entity("doc-one")}---\n${entity("doc-two")}`, outcome: "refused", says: /more than one document/ },
  { name: "tab indentation", file: "identifier: x\n\ttitle: t\nblueprint: service\n", outcome: "refused", says: /invalid YAML/ },
  { name: "NUL byte", file: "identifier: nul\ntitle: \"a\u0000b\"\nblueprint: service\n\u0000", outcome: "refused", says: /invalid YAML/ },
  { name: "over the 256 KiB cap", file: entity("too-big", `properties:\n  blob: ${"x".repeat(300 * 1024)}\n`), outcome: "refused", says: /more than the 262144 allowed/ },
  { name: "no identifier", file: "title: anonymous\nblueprint: service\n", outcome: "partial", says: /entity 0: identifier: is required; entity skipped/ },
  { name: "no blueprint", file: "identifier: orphan-entity\ntitle: Orphan\n", outcome: "partial", says: /entity 0 \(orphan-entity\): blueprint: is required/ },
  { name: "identifier a number", file: "identifier: 123\ntitle: t\nblueprint: service\n", outcome: "partial", says: /identifier: must be a string/ },
  { name: "identifier with spaces", file: "identifier: has space\ntitle: t\nblueprint: service\n", outcome: "partial", says: /identifier: is not a valid Port identifier/ },
  { name: "identifier ..", file: "identifier: ..\ntitle: t\nblueprint: service\n", outcome: "partial", says: /identifier: is not a valid Port identifier/ },
  { name: "empty title", file: "identifier: untitled-x\ntitle: ''\nblueprint: service\n", outcome: "partial", says: /title: must not be empty/ },
  { name: "properties a list", file: entity("props-list", "properties: [1, 2]\n"), outcome: "partial", says: /properties: must be a map/ },
  { name: "relations a list", file: entity("rels-list", "relations: [payments]\n"), outcome: "partial", says: /relations: must be a map/ },
  { name: "relation a number", file: entity("rel-number", "relations:\n  owner: 7\n"), outcome: "partial", says: /relations\.owner: must be an identifier/ },
  { name: "a scalar in the list", file: `- ${entity("listed-ok").trimEnd().replace(/\n/g, "\n  ")}\n- 17\n`, outcome: "partial", says: /entity 1: \(entity\): must be a map/, writes: ["listed-ok"] },
  { name: "one valid, one invalid", file: `- ${entity("mixed-ok").trimEnd().replace(/\n/g, "\n  ")}\n- identifier: mixed-bad\n  blueprint: service\n`, outcome: "partial", says: /entity 1 \(mixed-bad\): title: is required/, writes: ["mixed-ok"] },
  { name: "a 100,000-character title", file: entity("long-title").replace("title: long-title", `title: ${"t".repeat(100_000)}`), outcome: "written", writes: ["long-title"] },
  { name: "byte order mark", file: `\uFEFF${entity("bom-file")}`, outcome: "written", writes: ["bom-file"] },
  { name: "JSON instead of YAML", file: JSON.stringify({ identifier: "json-file", title: "JSON", blueprint: "service" }), outcome: "written", writes: ["json-file"] },
  { name: "unicode identifier", file: entity("sérvice-日本"), outcome: "written", writes: ["sérvice-日本"] },
  { name: "an unknown YAML tag", file: "identifier: tagged\ntitle: !js/function 'return 1'\nblueprint: service\n", outcome: "written", writes: ["tagged"] },
  { name: "an empty file", file: "", outcome: "emptied" },
];

const slugOf = (i: number) => `h-${String(i + 1).padStart(2, "0")}`;
const ownOf = (i: number) => `host-${String(i + 1).padStart(2, "0")}`;

let h: Harness;
let env: TestEnv;
let services: string[];
let reported: { message: string }[];
const logs = captureLogs();

beforeAll(async () => {
  const host = { key: "HOST", name: "Hostile", repos: rows.map((_, i) => ({ slug: slugOf(i), files: { "port.yaml": entity(ownOf(i)) } })) };
  h = await harness({ ...seed, projects: [...seed.projects, host], webhooks: hooks() });
  env = h.env();
  await runCycle(env);
  expect(await identifiers(h.port, "service")).toEqual([...expected.service, ...rows.map((_, i) => ownOf(i))].sort());
  for (const [i, row] of rows.entries()) {
    await h.bitbucket.action("push", { project: "HOST", repo: slugOf(i), files: { "port.yaml": row.file } });
  }
  await resyncAgain(env);
  services = await identifiers(h.port, "service");
  reported = (await errors(env)).map((e) => ({ message: e.message }));
}, 120_000);

describe("hostile port.yaml files", () => {
  it("leave every other repository synced", () => {
    expect(services).toEqual(expect.arrayContaining(expected.service));
  });

  it.each(rows.map((r, i) => [r.name, r, i] as const))("%s", async (_name, row, i) => {
    const where = `HOST/${slugOf(i)}: port.yaml: `;
    const mine = reported.filter((e) => e.message.startsWith(where));
    if (row.says) {
      expect(mine.map((e) => e.message.slice(where.length))).toEqual(expect.arrayContaining([expect.stringMatching(row.says)]));
    } else {
      expect(mine).toEqual([]);
    }
    for (const id of row.writes ?? []) expect(services).toContain(id);
    if (row.outcome === "refused" || row.outcome === "partial") expect(services).toContain(ownOf(i));
    else expect(services).not.toContain(ownOf(i));
    expectNoSecrets([JSON.stringify(mine), ...logs.lines]);
  });

  it("nothing from a refused file reaches Port", () => {
    for (const id of ["x", "bomb", "a", "b", "doc-one", "doc-two", "nul", "too-big", "orphan-entity", "untitled-x", "props-list", "rels-list", "rel-number", "mixed-bad"]) {
      expect(services).not.toContain(id);
    }
  });

  it("no secret in /status", async () => {
    expectNoSecrets([await statusText(env)]);
  });
});
