/**
 * Records → Harbor's swagger models as go-swagger marshals them: `omitempty` drops empty
 * strings, zero numbers and empty maps; arrays without it marshal as `null` when empty;
 * times are strfmt.DateTime (ms, `Z`).
 */
import { roleIds, Store, ZERO_TIME } from "./store.ts";
import type { Accessory, Artifact, Label, Policy, Project, Repo, ScanReport, Tag, User } from "./store.ts";
import { isoTime } from "./http.ts";
import type { Principal } from "./auth.ts";

export const NATIVE_MIME = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";
export const GENERIC_MIME = "application/vnd.security.vulnerability.report; version=1.1";
export const DEFAULT_ACCEPT = `${GENERIC_MIME}, ${NATIVE_MIME}`;

/** Drop the keys whose value is undefined, keeping the order of the rest. */
function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

const nonEmpty = (s: string) => (s ? s : undefined);
const nonEmptyMap = (m: Record<string, unknown>) => (Object.keys(m).length ? m : undefined);
const nullIfEmpty = <T>(a: T[]) => (a.length ? a : null);

export function renderProject(store: Store, p: Project, who: Principal, detail: boolean) {
  const roles = who.kind === "user" && p.members.has(who.user.id) ? [roleIds[p.members.get(who.user.id)!]] : [];
  const owner = store.users.get(p.ownerId);
  return compact({
    creation_time: isoTime(p.creationTime),
    current_user_role_id: roles[0],
    current_user_role_ids: nullIfEmpty(roles),
    cve_allowlist: detail
      ? { creation_time: isoTime(ZERO_TIME), id: p.id, items: [], project_id: p.id, update_time: isoTime(ZERO_TIME) }
      : { creation_time: isoTime(ZERO_TIME), items: null, update_time: isoTime(ZERO_TIME) },
    metadata: detail ? { ...p.metadata } : undefined,
    name: p.name,
    owner_id: p.ownerId,
    owner_name: detail ? owner?.username : undefined,
    project_id: p.id,
    repo_count: p.repos.length,
    update_time: isoTime(p.updateTime),
  });
}

export function listedCount(repo: Repo): number {
  let n = 0;
  for (const a of repo.artifacts.values()) if (Store.listed(a)) n++;
  return n;
}

export function renderRepository(r: Repo) {
  return compact({
    artifact_count: listedCount(r),
    creation_time: isoTime(r.creationTime),
    description: nonEmpty(r.description),
    id: r.id,
    name: r.name,
    project_id: r.projectId,
    pull_count: r.pullCount,
    update_time: isoTime(r.updateTime),
  });
}

export function renderTag(t: Tag) {
  return {
    artifact_id: t.artifactId,
    id: t.id,
    immutable: false,
    name: t.name,
    pull_time: isoTime(t.pullTime),
    push_time: isoTime(t.pushTime),
    repository_id: t.repoId,
  };
}

function renderLabel(l: Label) {
  return compact({
    color: nonEmpty(l.color),
    creation_time: isoTime(l.creationTime),
    description: nonEmpty(l.description),
    id: l.id,
    name: l.name,
    project_id: l.projectId || undefined,
    scope: l.scope,
    update_time: isoTime(l.updateTime),
  });
}

function renderAccessory(a: Accessory, subject: Artifact, repoName: string) {
  return {
    artifact_id: a.id,
    creation_time: isoTime(a.creationTime),
    digest: a.digest,
    icon: a.icon,
    id: a.id,
    size: a.size,
    subject_artifact_digest: subject.digest,
    subject_artifact_id: subject.id,
    subject_artifact_repo: repoName,
    type: a.type,
  };
}

/** NativeReportSummary as the API returns it (through the swagger model, so ms times). */
export function summaryOf(s: ScanReport, times: (iso: string) => string) {
  const success = s.status === "Success";
  return compact({
    report_id: s.reportId,
    scan_status: s.status,
    severity: success ? s.severity : "",
    duration: s.duration,
    summary: success ? { total: s.total, fixable: s.fixable, summary: sortedCounts(s.counts) } : null,
    start_time: times(s.startTime),
    end_time: times(s.endTime),
    scanner: success ? s.scanner : undefined,
    complete_percent: success ? s.completePercent : 0,
  });
}

/** Go marshals map keys in sorted order. */
export function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/**
 * `parseScanReportMimeTypes`: the known types named in the header, else native 1.0. go-swagger
 * fills in the spec's default value when the header is absent.
 */
export function acceptedMimeTypes(header: string | null): string[] {
  const known = (header || DEFAULT_ACCEPT)
    .split(",")
    .map((m) => m.trim())
    .filter((m) => m === NATIVE_MIME || m === GENERIC_MIME);
  return known.length ? known : [NATIVE_MIME];
}

/** The first accepted MIME type that has a report wins, so the overview has one key. */
export function scanOverview(a: Artifact, accepted: string[]) {
  if (!a.scan) return undefined;
  const mime = accepted.find((m) => a.scan!.mimeTypes.includes(m));
  return mime ? { [mime]: summaryOf(a.scan, (iso) => isoTime(Date.parse(iso))) } : undefined;
}

export interface ArtifactOptions {
  withTag: boolean;
  withLabel: boolean;
  withScanOverview: boolean;
  withAccessory: boolean;
  accepted: string[];
}

/** Go's url.PathEscape of a repository path, then escaped again (`lib/encode/repository`). */
const encodeRepo = (path: string) => path.replace(/\//g, "%252F");

export function renderArtifact(store: Store, a: Artifact, o: ArtifactOptions) {
  const repo = store.repos.get(a.repoId)!;
  const project = store.projects.get(a.projectId)!;
  const base = `/api/v2.0/projects/${project.name}/repositories/${encodeRepo(repo.name.slice(project.name.length + 1))}/artifacts/${a.digest}/additions`;
  const links: Record<string, { absolute: boolean; href: string }> = {};
  if (a.type === "IMAGE" && a.references.length === 0) links.build_history = { absolute: false, href: `${base}/build_history` };
  if (a.scannable) {
    links.sboms = { absolute: false, href: `/api/v2.0/projects/${project.name}/repositories/${encodeRepo(repo.name.slice(project.name.length + 1))}/artifacts//additions/sbom` };
    links.vulnerabilities = { absolute: false, href: `${base}/vulnerabilities` };
  }
  return compact({
    accessories: o.withAccessory ? nullIfEmpty(a.accessories.map((x) => renderAccessory(x, a, repo.name))) : null,
    addition_links: nonEmptyMap(links),
    annotations: nonEmptyMap(a.annotations),
    artifact_type: nonEmpty(a.artifactType),
    digest: a.digest,
    extra_attrs: nonEmptyMap(a.extraAttrs),
    icon: nonEmpty(a.icon),
    id: a.id,
    labels: o.withLabel ? nullIfEmpty(a.labels.map(renderLabel)) : null,
    manifest_media_type: nonEmpty(a.manifestMediaType),
    media_type: nonEmpty(a.mediaType),
    project_id: a.projectId,
    pull_time: isoTime(a.pullTime),
    push_time: isoTime(a.pushTime),
    references: nullIfEmpty(
      a.references.map((r) => compact({ child_digest: r.childDigest, child_id: r.childId, parent_id: a.id, platform: r.platform })),
    ),
    repository_id: a.repoId,
    repository_name: repo.name,
    scan_overview: o.withScanOverview && a.scannable ? scanOverview(a, o.accepted) : undefined,
    size: a.size || undefined,
    tags: o.withTag ? nullIfEmpty(a.tags.map(renderTag)) : null,
    type: nonEmpty(a.type),
  });
}

export function renderUser(u: User) {
  return compact({
    admin_role_in_auth: false,
    comment: nonEmpty(u.comment),
    creation_time: isoTime(u.creationTime),
    email: nonEmpty(u.email),
    realname: nonEmpty(u.realname),
    sysadmin_flag: u.admin,
    update_time: isoTime(u.updateTime),
    user_id: u.id,
    username: u.username,
  });
}

export function renderPolicy(p: Policy) {
  return compact({
    creation_time: isoTime(p.creationTime),
    creator: nonEmpty(p.creator),
    description: nonEmpty(p.description),
    enabled: p.enabled,
    event_types: p.eventTypes,
    id: p.id,
    name: p.name,
    project_id: p.projectId,
    targets: p.targets.map((t) =>
      compact({
        address: t.address,
        auth_header: nonEmpty(t.auth_header),
        payload_format: nonEmpty(t.payload_format),
        skip_cert_verify: t.skip_cert_verify,
        type: t.type,
      }),
    ),
    update_time: isoTime(p.updateTime),
  });
}
