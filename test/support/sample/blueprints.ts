import type { Blueprint } from "../../../src/plugin.ts";

export const sampleBlueprints: Blueprint[] = [
  {
    identifier: "sampleTeam",
    title: "Sample team",
    schema: { properties: { size: { type: "number" } }, required: [] },
    relations: {},
  },
  {
    identifier: "sampleService",
    title: "Sample service",
    schema: { properties: { language: { type: "string" }, stars: { type: "number" } }, required: [] },
    relations: { team: { title: "Team", target: "sampleTeam", required: false, many: false } },
  },
];
