/** Artifact endpoints (`src/server/v2.0/handler/artifact.go`, `ListArtifactsOfProject` in project.go). */
import { requireProjectAccess, isAuthenticated } from "./auth.ts";
import { badRequest, jsonResponse, notFound, unauthorized } from "./http.ts";
import { artifactModel, tagModel } from "./models.ts";
import { parsePaging } from "./paging.ts";
import { parseQ } from "./query.ts";
import { acceptedMimeTypes, renderArtifact, renderTag } from "./render.ts";
import type { ArtifactOptions } from "./render.ts";
import { repoPath } from "./repositories.ts";
import { boolParam, listResponse, projectByNameOrId } from "./router.ts";
import type { Ctx, Route } from "./router.ts";
import { isDigest, Store } from "./store.ts";
import type { Artifact, Repo } from "./store.ts";

function options(c: Ctx): ArtifactOptions {
  return {
    withTag: boolParam(c, "with_tag", true),
    withLabel: boolParam(c, "with_label", false),
    withScanOverview: boolParam(c, "with_scan_overview", false),
    withAccessory: boolParam(c, "with_accessory", false),
    accepted: acceptedMimeTypes(c.req.headers.get("x-accept-vulnerabilities")),
  };
}

/** setBaseQuery: without `base=*` index children that carry no tag are hidden. */
function* artifactsOf(repos: Iterable<Repo>, q: URLSearchParams): Iterable<Artifact> {
  const base = parseQ(q.get("q")).get("base");
  if (base && !(base.op === "exact" && base.value === "*")) throw badRequest('the value of "base" query can only be exact match value with "*"');
  for (const repo of repos) for (const a of repo.artifacts.values()) if (base || Store.listed(a)) yield a;
}

function listInRepo(c: Ctx): Response {
  parsePaging(c.query);
  requireProjectAccess(c.who, c.store.projectsByName.get(c.params.project_name!), "artifact", "list");
  // An unknown repository is not an error here: the list is simply empty.
  const repo = c.store.reposByName.get(repoPath(c));
  const o = options(c);
  return listResponse(c, `artifacts|${repo?.id ?? repoPath(c)}`, () => artifactsOf(repo ? [repo] : [], c.query), artifactModel, (a) =>
    renderArtifact(c.store, a, o),
  );
}

function listInProject(c: Ctx): Response {
  parsePaging(c.query);
  if (!isAuthenticated(c.who)) throw unauthorized();
  const { project, label } = projectByNameOrId(c, c.params.project_name_or_id!);
  requireProjectAccess(c.who, project, "artifact", "list");
  if (!project) throw notFound(`project ${label} not found`);
  const o = options(c);
  return listResponse(c, `project-artifacts|${project.id}`, () => artifactsOf(project.repos, c.query), artifactModel, (a) =>
    renderArtifact(c.store, a, o),
  );
}

/** GetByReference: a digest looks the artifact up directly, a tag goes through the repository. */
function lookup(c: Ctx): Artifact {
  const name = repoPath(c);
  const reference = c.params.reference!;
  const repo = c.store.reposByName.get(name);
  if (isDigest(reference)) {
    const a = repo?.artifacts.get(reference);
    if (!a) throw notFound(`artifact ${name}@${reference} not found`);
    return a;
  }
  if (!repo) throw notFound(`repository ${name} not found`);
  const a = c.store.resolve(repo, reference);
  if (!a) throw notFound(`artifact ${name}:${reference} not found`);
  return a;
}

function getOne(c: Ctx): Response {
  parsePaging(c.query);
  requireProjectAccess(c.who, c.store.projectsByName.get(c.params.project_name!), "artifact", "read");
  return jsonResponse(renderArtifact(c.store, lookup(c), options(c)), c.requestId);
}

function listTags(c: Ctx): Response {
  parsePaging(c.query);
  requireProjectAccess(c.who, c.store.projectsByName.get(c.params.project_name!), "tag", "list");
  parseQ(c.query.get("q"));
  const a = lookup(c);
  return listResponse(c, `tags|${a.id}`, () => a.tags, tagModel, renderTag);
}

function vulnerabilities(c: Ctx): Response {
  requireProjectAccess(c.who, c.store.projectsByName.get(c.params.project_name!), "artifact-addition", "read");
  const a = lookup(c);
  const out: Record<string, unknown> = {};
  const mime = a.scan?.status === "Success" ? acceptedMimeTypes(c.req.headers.get("x-accept-vulnerabilities")).find((m) => a.scan!.mimeTypes.includes(m)) : undefined;
  if (mime && a.scan) {
    const repo = c.store.repos.get(a.repoId)!;
    out[mime] = {
      generated_at: a.scan.endTime,
      artifact: { repository: repo.name, digest: a.digest, tag: a.tags[0]?.name ?? "", mime_type: a.manifestMediaType },
      scanner: a.scan.scanner,
      severity: a.scan.severity,
      vulnerabilities: a.scan.vulnerabilities.map((v) => ({ ...v, links: [`https://avd.aquasec.com/nvd/${v.id.toLowerCase()}`], artifact_digests: [a.digest] })),
    };
  }
  return jsonResponse(out, c.requestId);
}

const ref = "/projects/{project_name}/repositories/{repository_name}/artifacts";

export const artifactRoutes: Route[] = [
  { method: "GET", path: ref, handle: listInRepo },
  { method: "GET", path: `${ref}/{reference}`, handle: getOne },
  { method: "GET", path: `${ref}/{reference}/tags`, handle: listTags },
  { method: "GET", path: `${ref}/{reference}/additions/vulnerabilities`, handle: vulnerabilities },
  { method: "GET", path: "/projects/{project_name_or_id}/artifacts", handle: listInProject },
];
