import { afterAll, beforeAll } from "vitest";
import { startHub } from "../../test/fakes/hub.ts";
import type { Served } from "../../test/fakes/serve.ts";
import { control } from "../../test/support/fake-control.ts";
import { snapshotSources, type Snapshot } from "./snapshot.ts";

export interface ResyncBench {
  /** The bench worker's sources (bench/resync), copied so edits during the run do not reload it. */
  snapshot: Snapshot;
  hub: Served;
  sourceUrl: string;
}

/** What the resync benches share: the worker's snapshot, a fake hub, and a fake source of `items` services. */
export async function startResyncBench(items: number): Promise<ResyncBench> {
  const snapshot = snapshotSources(["package.json", "tsconfig.json", "src", "bench/resync"]);
  const hub = await startHub();
  const sourceUrl = (await control(hub.url, "/new/source", {})).url;
  const langs = ["go", "rust", "typescript", "python", "java"];
  const services = Array.from({ length: items }, (_, i) => ({ id: `svc-${i}`, name: `Service ${i}`, lang: langs[i % langs.length], stars: i % 997 }));
  await control(sourceUrl, "/_fake/seed", { kinds: { service: services } });
  return { snapshot, hub, sourceUrl };
}

/** Starts the shared setup before the file's tests and stops it after; the fields are set once it has started. */
export function useResyncBench(items: number): Readonly<ResyncBench> {
  const bench = {} as ResyncBench;
  beforeAll(async () => {
    Object.assign(bench, await startResyncBench(items));
  });
  afterAll(async () => {
    await bench.hub?.close();
    bench.snapshot?.remove();
  });
  return bench;
}
