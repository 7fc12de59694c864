/** Deterministic Harbor-artifact-like items and the artifact mapping the benchmarks run. */

import { mulberry32 } from "../../test/support/random.ts";

const SCAN_MIME = "application/vnd.security.vulnerability.report; version=1.1";
const SEVERITIES = ["None", "Low", "Medium", "High", "Critical"];

export function harborArtifacts(count: number, seed = 20260501): Record<string, unknown>[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const hex = (length: number) => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join("");
  return Array.from({ length: count }, (_, i) => {
    const project = pick(["platform", "payments", "data", "edge"]);
    const repository = `${project}/${pick(["api", "web", "worker", "jobs", "gateway"])}-${i % 50}`;
    const tags = Array.from({ length: Math.floor(random() * 4) }, (_, t) => ({
      id: i * 10 + t,
      name: t === 0 ? `v1.${i % 30}.${t}` : pick(["latest", "stable", `build-${i}`]),
      immutable: random() < 0.1,
      push_time: "2026-04-30T12:00:00.000Z",
    }));
    const scanned = random() < 0.7;
    return {
      id: 1000 + i,
      type: random() < 0.9 ? "IMAGE" : "CHART",
      media_type: "application/vnd.oci.image.manifest.v1+json",
      manifest_media_type: "application/vnd.oci.image.manifest.v1+json",
      project_id: 1 + (i % 4),
      repository_id: 100 + (i % 50),
      repository_name: repository,
      digest: `sha256:${hex(64)}`,
      size: Math.floor(random() * 500_000_000),
      push_time: "2026-04-30T12:00:00.000Z",
      pull_time: random() < 0.5 ? null : "2026-05-01T08:00:00.000Z",
      extra_attrs: { architecture: pick(["amd64", "arm64"]), os: "linux", config: { Labels: { team: project } } },
      tags: tags.length > 0 ? tags : null,
      labels: random() < 0.3 ? [{ id: 3, name: pick(["prod", "staging", "deprecated"]) }] : [],
      ...(scanned && {
        scan_overview: {
          [SCAN_MIME]: {
            report_id: hex(8),
            scan_status: "Success",
            severity: pick(SEVERITIES),
            duration: Math.floor(random() * 30),
            summary: { total: Math.floor(random() * 50), fixable: Math.floor(random() * 20), summary: { High: 1, Medium: 2 } },
            scanner: { name: "Trivy", vendor: "Aqua Security", version: "v0.50.0" },
          },
        },
      }),
    };
  });
}

export const HARBOR_ARTIFACT_MAPPING = `
resources:
  - kind: artifact
    selector:
      query: .type == "IMAGE"
    port:
      entity:
        mappings:
          identifier: .repository_name + "@" + .digest
          title: .tags[0].name // (.digest | split(":")[1] | .[0:12])
          blueprint: '"harborArtifact"'
          properties:
            digest: .digest
            tags: '[.tags[]?.name] // []'
            sizeBytes: .size
            pushedAt: .push_time
            pulledAt: .pull_time
            architecture: .extra_attrs.architecture
            labels: '[.labels[]?.name]'
            severity: '.scan_overview."${SCAN_MIME}".severity'
            fixable: '.scan_overview."${SCAN_MIME}".summary.fixable'
            immutable: '[.tags[]?.immutable] | any'
          relations:
            repository: .repository_name
            project: .repository_name | split("/")[0]
`;
