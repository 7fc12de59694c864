import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Fake } from "./base.ts";

/** Every fake by name; the hub creates them on demand so each test gets fresh servers. */
export type FakeFactory = (options: { url: string; options?: unknown }) => Fake;

export const fakeFactories: Record<string, () => Promise<FakeFactory>> = {
  echo: async () => (await import("./echo.ts")).createEchoFake,
  port: async () => (await import("./port/index.ts")).createPortFake,
  bitbucket: async () => (await import("./bitbucket/index.ts")).createBitbucketFake,
  source: async () => (await import("./source/index.ts")).createSourceFake,
  harbor: async () => (await import("./harbor/index.ts")).createHarborFake,
};

/** Folders of plugins whose fake lives beside them, as `<folder>/<plugin>/fake.ts` exporting `createFake`. */
const PLUGIN_FOLDERS = ["../../plugins/", "../plugins/"];

/** A fake by name: one listed above, or one beside its plugin, found without a line here. */
export async function loadFake(name: string): Promise<FakeFactory | undefined> {
  const listed = Object.hasOwn(fakeFactories, name) ? fakeFactories[name] : undefined;
  if (listed) return listed();
  if (!/^[\w-]+$/.test(name)) return undefined;
  for (const folder of PLUGIN_FOLDERS) {
    const file = fileURLToPath(new URL(`${folder}${name}/fake.ts`, import.meta.url));
    if (existsSync(file)) return ((await import(/* @vite-ignore */ file)) as { createFake: FakeFactory }).createFake;
  }
  return undefined;
}
