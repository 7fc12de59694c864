import * as v from "valibot";
import type { ListArgs, Page, PluginContext } from "../../../src/plugin.ts";
import { HttpError } from "../../../src/runtime/http.ts";
import { ACCEPT_VULNERABILITIES, harborClient, repositoryPath, type HarborClient } from "../client.ts";
import type { HarborSettings } from "../settings.ts";
import { listKeyset, type KeysetPage } from "../listing.ts";
import { hasRepositories, projectAfter, WalkCursor, type ProjectWalk, type WalkPosition } from "../projects.ts";
import { repositoryAfter, type RepositoryRef } from "../repositories.ts";
import { ArtifactSchema } from "../schemas.ts";
import { artifactAdmitted, type ArtifactFilter } from "../selectors.ts";

const walk: ProjectWalk = { key: "artifact", accept: hasRepositories };

const id = v.pipe(v.number(), v.integer(), v.minValue(1));

/**
 * Where the artifact listing stands: in a project, after an artifact id. `route: "repositories"`
 * records, for the rest of the cycle, that this Harbor has no project-wide artifact listing; then
 * `repository` is the one being listed (absent until the project's first one is looked up).
 */
export const ArtifactCursor = v.object({
  ...WalkCursor.entries,
  route: v.optional(v.literal("repositories")),
  repository: v.optional(v.object({ id, name: v.string() })),
});
type ArtifactPosition = v.InferOutput<typeof ArtifactCursor>;

/**
 * GET /projects/{id}/artifacts (Harbor 2.12, goharbor/harbor#20803) is missing from older
 * releases: their router answers 404 "path … was not found", and some proxies 405. A 404 saying
 * the project is gone is a different matter and fails the kind as before.
 */
function projectListingMissing(err: unknown): boolean {
  if (!(err instanceof HttpError)) return false;
  return err.status === 405 || (err.status === 404 && !/^project .* not found$/i.test(err.detail));
}

/** One page of artifacts, the same request whether project-wide or per repository. */
function listPage(client: HarborClient, path: string, after: number, filter: ArtifactFilter, pageSize: number): Promise<KeysetPage<v.InferOutput<typeof ArtifactSchema>>> {
  return listKeyset(client, {
    path,
    idColumn: "id",
    after,
    pageSize,
    schema: ArtifactSchema,
    id: (a) => a.id,
    clauses: [filter.tag === undefined ? undefined : `tags=${filter.tag}`],
    // The tag selector is checked here as well, which needs the tags even with withTag: false.
    query: { with_tag: filter.withTag || filter.tag !== undefined, with_scan_overview: filter.withScanOverview },
    headers: filter.withScanOverview ? { "x-accept-vulnerabilities": ACCEPT_VULNERABILITIES } : undefined,
  });
}

/** A per-repository position, spelled out: the cursor must be plain JSON. */
const inRepository = (at: WalkPosition, repository: RepositoryRef, after: number) => ({
  project: at.project,
  name: at.name,
  after,
  route: "repositories" as const,
  repository: { id: repository.id, name: repository.name },
});

/**
 * The page's artifacts as items: only those the tag selector admits (Harbor's `q=tags=` is not
 * trusted alone: a proxy or another implementation may drop it), without the tags that were read
 * only for that check, and with `project_name`.
 */
const itemsOf = (page: KeysetPage<v.InferOutput<typeof ArtifactSchema>>, at: WalkPosition, filter: ArtifactFilter) =>
  page.items
    .filter((a) => artifactAdmitted(filter, a.tags ?? []))
    // Without withTag, tags as Harbor gives them when not asked for: null.
    .map((a) => ({ ...a, ...(filter.withTag ? {} : { tags: null }), project_name: at.name }));

/**
 * Harbor before 2.12: the project's repositories one after the other, a page of artifacts per
 * call, through `GET /projects/{name}/repositories/{double-encoded name}/artifacts`.
 */
async function listByRepository(args: ListArgs<HarborSettings, ArtifactFilter, ArtifactPosition>, client: HarborClient, filter: ArtifactFilter, at: ArtifactPosition): Promise<Page> {
  const nextProject = async (): Promise<Page["next"]> => {
    const next = await projectAfter(args, client, walk, at.project);
    return next && { ...next, route: "repositories" };
  };
  const repository = at.repository ?? (await repositoryAfter(args, client, at, 0));
  // Its repositories went since the project was listed: nothing to list here.
  if (!repository) return { items: [], next: await nextProject() };

  const { project, repository: name } = repositoryPath(repository.name);
  const page = await listPage(client, `/projects/${project}/repositories/${name}/artifacts`, at.after, filter, args.limit);
  if (page.more) return { items: itemsOf(page, at, filter), next: inRepository(at, repository, page.lastId) };
  const following = await repositoryAfter(args, client, at, repository.id);
  return {
    items: itemsOf(page, at, filter),
    next: following ? inRepository(at, following, 0) : await nextProject(),
  };
}

/**
 * GET /projects/{id}/artifacts: a hundred artifacts of any repositories per request, instead of a
 * listing per repository (most repositories hold fewer than a page). Items gain `project_name`.
 */
export async function listArtifacts(args: ListArgs<HarborSettings, ArtifactFilter, ArtifactPosition>): Promise<Page> {
  const { selector: filter, cursor } = args;
  const client = harborClient(args);

  const at: ArtifactPosition | null = cursor ?? (await projectAfter(args, client, walk, 0));
  if (!at) return { items: [], next: null };
  if (at.route === "repositories") return listByRepository(args, client, filter, at);

  let page;
  try {
    page = await listPage(client, `/projects/${at.project}/artifacts`, at.after, filter, args.limit);
  } catch (err) {
    if (!projectListingMissing(err)) throw err;
    // This call has had its request: the per-repository listing starts with the next one.
    args.log.info("harbor.artifacts.per-repository", { reason: (err as Error).message });
    return { items: [], next: { project: at.project, name: at.name, after: 0, route: "repositories" } };
  }
  return {
    items: itemsOf(page, at, filter),
    next: page.more ? { ...at, after: page.lastId } : await projectAfter(args, client, walk, at.project),
  };
}

/** An artifact by digest, as a webhook names it; the scan overview is read only when a resource keeps it. */
export type ArtifactByDigest = { project: string; repository: string; digest: string; withScanOverview: boolean };

/**
 * The artifact as listArtifacts lists it with `withTag` (tags, labels, `project_name`), or
 * undefined when it is gone. What a selector leaves out (tags, scan overview) is the webhook's to
 * drop, since one delivery serves every resource of the kind.
 */
export async function readArtifact(ctx: PluginContext<HarborSettings>, ref: ArtifactByDigest) {
  const client = harborClient(ctx);
  const artifact = await client.artifact(ref.repository, ref.digest, { withScanOverview: ref.withScanOverview });
  // Harbor answers wrong credentials as anonymous: a 404 means "gone" only once they are known good
  // (checked once per invocation, however many digests a delivery names).
  if (!artifact) await client.identity();
  return artifact && { ...artifact, project_name: ref.project };
}
