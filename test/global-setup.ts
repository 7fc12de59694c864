import type { TestProject } from "vitest/node";
import { startHub } from "./fakes/hub.ts";

declare module "vitest" {
  export interface ProvidedContext {
    fakeHubUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const hub = await startHub();
  project.provide("fakeHubUrl", hub.url);
  return () => hub.close();
}
