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
