import { describe, expect, it } from "vitest";
import type { OwnedPage } from "../../../src/port/owned.ts";
import { ownershipFor, userAgentFor } from "../../../src/port/user-agent.ts";
import { artifact, newPort, upsertOptions, writerFor } from "./support.ts";

const owner = { plugin: "harbor", instance: "prod", kind: "artifact", datasource: "exporter" } as const;

async function collect(pages: AsyncIterable<OwnedPage>) {
  const all: OwnedPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe("PortWriter.listOwned", () => {
  it("pages through exactly the entities this writer owns, across versions", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => artifact(from + i));
    await writer.upsert(range(0, 7), { ...upsertOptions, userAgent: userAgentFor({ ...owner, version: "1.0.0" }) });
    await writer.upsert(range(7, 12), { ...upsertOptions, userAgent: userAgentFor({ ...owner, version: "1.1.0" }) });
    await writer.upsert(range(12, 15), { ...upsertOptions, userAgent: userAgentFor({ ...owner, instance: "staging", version: "1.0.0" }) });

    const pages = await collect(writer.listOwned({ ...ownershipFor(owner), limit: 5 }));
    expect(pages.map((p) => p.entities.length)).toEqual([5, 5, 2]);
    expect(pages.map((p) => p.next === null)).toEqual([false, false, true]);
    const ids = pages.flatMap((p) => p.entities.map((e) => `${e.blueprint}/${e.identifier}`)).sort();
    expect(ids).toEqual(range(0, 12).map((e) => `artifact/${e.identifier}`).sort());
  });

  it("resumes from a saved cursor and honours `before`", async () => {
    const port = await newPort();
    const { writer } = writerFor(port);
    const userAgent = userAgentFor({ ...owner, version: "1.0.0" });
    await writer.upsert([artifact(1), artifact(2), artifact(3)], { ...upsertOptions, userAgent });
    await new Promise((r) => setTimeout(r, 20));
    const cutoff = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await writer.upsert([artifact(4)], { ...upsertOptions, userAgent });

    const first = (await writer.listOwned({ ...ownershipFor(owner), limit: 2 }).next()).value as OwnedPage;
    const rest = await collect(writer.listOwned({ ...ownershipFor(owner), limit: 2, from: first.next! }));
    expect([first, ...rest].flatMap((p) => p.entities.map((e) => e.identifier)).sort()).toEqual(
      [1, 2, 3, 4].map((i) => artifact(i).identifier),
    );

    const old = await collect(writer.listOwned({ ...ownershipFor(owner), before: cutoff }));
    expect(old.flatMap((p) => p.entities.map((e) => e.identifier)).sort()).toEqual([1, 2, 3].map((i) => artifact(i).identifier));
  });
});
