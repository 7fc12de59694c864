import { beforeEach, describe, expect, it } from "vitest";
import { clock } from "../../support/clock.ts";
import { credentials, digests } from "../../fixtures/harbor/realistic.ts";
import { entities, harness, lastCycle, runCycle, type Harness } from "./support.ts";

/**
 * The mappings of the Harbor integration's documentation, verbatim: users moving over keep their
 * port-app-config.yml. (They key artifacts by digest alone and relate them by numeric id.)
 */

const documentedArtifactMapping = `resources:
  - kind: artifact
    selector:
      query: "true"
      withScanOverview: true
      withTag: true
    port:
      entity:
        mappings:
          identifier: .digest
          title: .tags[0].name // (.digest | split(":")[1] | .[0:12])
          blueprint: '"harborArtifact"'
          properties:
            digest: .digest
            tags: '[.tags[]?.name] // []'
            size: .size
            scanOverview: .scan_overview
          relations:
            repository: .repository_id | tostring
            project: .project_id | tostring
`;

/** The documented selector; the property is the documented `vulnerabilityCount` expression under our blueprint's name. */
const documentedVulnerabilityFilter = `resources:
  - kind: artifact
    selector:
      query: '.scan_overview."application/vnd.security.vulnerability.report; version=1.1".severity == "High"'
    port:
      entity:
        mappings:
          identifier: .repository_name + "@" + .digest
          title: .tags[0].name
          blueprint: '"harborArtifact"'
          properties:
            vulnerabilities: '.scan_overview."application/vnd.security.vulnerability.report; version=1.1".summary.total'
`;

let h: Harness;

beforeEach(async () => {
  clock.reset();
  h = await harness();
});

describe("documented mappings", () => {
  it("the artifact mapping works unchanged", async () => {
    const env = h.env(credentials.admin, { HARBOR_PORT_APP_CONFIG: documentedArtifactMapping });
    await runCycle(env);
    expect((await lastCycle(env)).artifact).toMatchObject({ status: "done", failed: 0 });

    const artifacts = await entities(h.port, "harborArtifact");
    // Keyed by digest alone, the promoted image collapses into one entity: 9 artifacts, 8 digests.
    expect(artifacts).toHaveLength(8);
    const byDigest = Object.fromEntries(artifacts.map((e) => [e.identifier, e]));
    expect(byDigest[digests.nginxLatest]).toMatchObject({
      title: "latest",
      properties: { digest: digests.nginxLatest, tags: ["latest", "1.25"] },
      relations: { repository: "1", project: "1" },
    });
    expect(Object.keys(byDigest[digests.nginxLatest].properties.scanOverview)).toEqual([
      "application/vnd.security.vulnerability.report; version=1.1",
    ]);
    expect(byDigest[digests.nginxOld]).toMatchObject({ title: digests.nginxOld.slice(7, 19), properties: { tags: [] } });
  });

  it("the vulnerability query filters on the 1.1 report", async () => {
    const env = h.env(credentials.admin, { HARBOR_PORT_APP_CONFIG: documentedVulnerabilityFilter });
    await runCycle(env);
    expect((await lastCycle(env)).artifact).toMatchObject({ status: "done", failed: 0, filtered: 7 });
    const artifacts = await entities(h.port, "harborArtifact");
    expect(artifacts.map((e) => [e.identifier, e.title, e.properties.vulnerabilities]).sort()).toEqual([
      [`prod-payments/api@${digests.promoted}`, "release", 1],
      [`team-a/service/api@${digests.promoted}`, "v1.0.0", 1],
    ]);
  });
});
