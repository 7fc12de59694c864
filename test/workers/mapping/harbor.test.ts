import { expect, it } from "vitest";
import { describeEngines } from "./support.ts";
import { loadMapping } from "../../../src/mapping/engine.ts";
import artifacts from "../../fixtures/mapping/harbor-artifacts.json";
import configText from "../../fixtures/mapping/harbor-artifact.port-app-config.yml?raw";

describeEngines("Harbor artifact mapping from the documentation", () => {
  it("maps images with the documented expressions and filters charts out", async () => {
    const mapping = await loadMapping(configText, "harbor-artifact.port-app-config.yml");
    expect(mapping.resources).toMatchObject([
      { index: 0, kind: "artifact", selector: { query: '.type == "IMAGE"', projects: ["platform"] } },
    ]);
    const page = await mapping.mapResource(0, artifacts);
    expect(page.issues).toEqual([]);
    expect(page.filtered).toBe(1);
    expect(page.skipped).toBe(0);
    expect(page.rejected).toEqual([]);
    expect(page.entities.map((e) => e.entity)).toEqual([
      {
        identifier: "platform/team-a/api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        title: "v1.4.2",
        blueprint: "harborArtifact",
        properties: {
          digest: "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
          tags: ["v1.4.2", "latest"],
          sizeBytes: 31457280,
          pushedAt: "2026-05-01T10:00:00.000Z",
          labels: ["prod"],
          severity: "High",
          fixable: 9,
        },
        relations: { repository: "platform/team-a/api" },
      },
      {
        identifier: "platform/team-a/api@sha256:60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
        // Untagged: the title falls back to the first 12 hex digits of the digest.
        title: "60303ae22b99",
        blueprint: "harborArtifact",
        properties: {
          digest: "sha256:60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
          tags: [],
          sizeBytes: 31457001,
          pushedAt: "2026-04-20T10:00:00.000Z",
          labels: [],
          severity: null,
          fixable: null,
        },
        relations: { repository: "platform/team-a/api" },
      },
    ]);
  });

  it("maps the chart too, as rejected, in live-event mode", async () => {
    const mapping = await loadMapping(configText, "harbor-artifact.port-app-config.yml");
    const page = await mapping.mapKind("artifact", artifacts, { parseAll: true });
    expect(page.entities).toHaveLength(2);
    expect(page.rejected.map((r) => [r.entity.identifier, r.entity.title, r.resourceIndex])).toEqual([
      ["charts/ingress@sha256:fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13", "0.9.0", 0],
    ]);
    expect(page.filtered).toBe(1);
  });
});
