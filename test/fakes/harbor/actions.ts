/**
 * Fake-specific actions that change the registry the way docker push/pull/delete and scans do,
 * and produce the webhook deliveries Harbor would send for them (`src/controller/event/handler/`).
 */
import { dispatch } from "./sender.ts";
import type { HarborEvent, SendOptions } from "./sender.ts";
import type { ArtifactSeed, GenerateOptions, ScanSeed, Seeder } from "./seed.ts";
import { generate } from "./seed.ts";
import type { Artifact, Platform, Project, Repo, Store } from "./store.ts";

interface Target {
  project: string;
  /** Full repository path, e.g. `team-a/service/api`. */
  repository: string;
  operator?: string;
}

export interface PushAction extends Target, SendOptions, Omit<ArtifactSeed, "references" | "pushTime"> {
  /** Multi-arch index: children are pushed first, each firing its own PUSH (tag = digest). */
  children?: { digest?: string; platform?: Platform }[];
  /** Fire the per-child PUSH events of an index; default true. */
  fanOut?: boolean;
}

export interface ReferenceAction extends Target, SendOptions {
  digest?: string;
  tag?: string;
}

export interface ScanAction extends ReferenceAction, ScanSeed {
  /** Precede the scan with the scanner robot's PULL, as auto-scan does. */
  withPull?: boolean;
}

export interface ActionContext {
  store: () => Store;
  seeder: () => Seeder;
  host: string;
}

function projectOf(store: Store, name: string): Project {
  const p = store.projectsByName.get(name);
  if (!p) throw new Error(`harbor fake: no project ${name}`);
  return p;
}

function repoOf(store: Store, a: Target): Repo {
  projectOf(store, a.project);
  const repo = store.reposByName.get(a.repository);
  if (!repo) throw new Error(`harbor fake: no repository ${a.repository}`);
  return repo;
}

function artifactOf(store: Store, a: ReferenceAction): Artifact {
  const ref = a.digest ?? a.tag;
  if (!ref) throw new Error("harbor fake: give a digest or a tag");
  const artifact = store.resolve(repoOf(store, a), ref);
  if (!artifact) throw new Error(`harbor fake: no artifact ${a.repository}@${ref}`);
  return artifact;
}

function event(store: Store, a: Target, type: HarborEvent["type"], digest: string, reference: string | undefined, extra: Partial<HarborEvent> = {}): HarborEvent {
  return {
    type,
    occurAt: store.clock.now(),
    operator: a.operator ?? "admin",
    project: projectOf(store, a.project),
    repoFullName: a.repository,
    digest,
    reference,
    requestId: crypto.randomUUID(),
    ...extra,
  };
}

function push(ctx: ActionContext, a: PushAction) {
  const store = ctx.store();
  const seeder = ctx.seeder();
  if (!a.repository.startsWith(`${a.project}/`)) throw new Error(`harbor fake: repository ${a.repository} is not in project ${a.project}`);
  const project = projectOf(store, a.project);
  const now = store.clock.now();
  const repo = store.ensureRepo(project, a.repository, now);
  const events: HarborEvent[] = [];
  const childRefs = (a.children ?? []).map((c) => ({ digest: c.digest ?? seeder.nextDigest(), platform: c.platform }));
  for (const child of childRefs) {
    if (!repo.artifacts.has(child.digest)) seeder.addArtifact(repo, { digest: child.digest, pushTime: new Date(now).toISOString(), type: a.type, scan: a.scan });
    if (a.fanOut !== false) events.push(event(store, a, "PUSH_ARTIFACT", child.digest, child.digest));
  }
  const digest = a.digest ?? seeder.nextDigest();
  let artifact = repo.artifacts.get(digest);
  if (artifact) {
    // A re-push of the same manifest refreshes its push time.
    artifact.pushTime = now;
    repo.updateTime = now;
    store.touch();
  } else {
    const { type, mediaType, manifestMediaType, artifactType, size, scan, scannable, labels, accessories, annotations, extraAttrs } = a;
    const seed = { type, mediaType, manifestMediaType, artifactType, size, scan, scannable, labels, accessories, annotations, extraAttrs };
    artifact = seeder.addArtifact(repo, { ...seed, digest, pushTime: new Date(now).toISOString(), references: childRefs });
  }
  const tags = a.tags ?? [];
  for (const tag of tags) store.setTag(repo, artifact, tag, now);
  // One manifest PUT per tag, each firing its own event; an untagged push names the digest.
  for (const tag of tags.length ? tags : [digest]) events.push(event(store, a, "PUSH_ARTIFACT", digest, tag));
  return { artifact: { id: artifact.id, digest }, events };
}

function remove(ctx: ActionContext, a: ReferenceAction) {
  const store = ctx.store();
  const artifact = artifactOf(store, a);
  const firstTag = artifact.tags[0]?.name;
  store.deleteArtifact(artifact);
  return { artifact: { id: artifact.id, digest: artifact.digest }, events: [event(store, a, "DELETE_ARTIFACT", artifact.digest, firstTag ?? artifact.digest)] };
}

function pull(ctx: ActionContext, a: ReferenceAction) {
  const store = ctx.store();
  const artifact = artifactOf(store, a);
  const repo = store.repos.get(artifact.repoId)!;
  const now = store.clock.now();
  artifact.pullTime = now;
  if (a.tag && !a.digest) repo.tags.get(a.tag)!.pullTime = now;
  repo.pullCount++;
  store.touch();
  return { artifact: { id: artifact.id, digest: artifact.digest }, events: [event(store, a, "PULL_ARTIFACT", artifact.digest, a.digest ? artifact.digest : a.tag)] };
}

const SCAN_EVENTS = { Success: "SCANNING_COMPLETED", Error: "SCANNING_FAILED", Stopped: "SCANNING_STOPPED" } as const;

function scan(ctx: ActionContext, a: ScanAction) {
  const store = ctx.store();
  const artifact = artifactOf(store, a);
  const events: HarborEvent[] = [];
  if (a.withPull) {
    const robot = `robot$${a.project}+scanner-Trivy-${crypto.randomUUID()}`;
    events.push(event(store, { ...a, operator: robot }, "PULL_ARTIFACT", artifact.digest, artifact.digest));
  }
  const status = a.status ?? "Success";
  const type = SCAN_EVENTS[status as keyof typeof SCAN_EVENTS];
  if (!type) throw new Error(`harbor fake: scan status must be Success, Error or Stopped, not ${status}`);
  artifact.scan = ctx.seeder().scanReport({ ...a, status }, store.clock.now());
  store.touch();
  const tag = a.tag ?? artifact.tags[0]?.name;
  events.push(event(store, a, type, artifact.digest, tag, { scan: artifact.scan }));
  return { artifact: { id: artifact.id, digest: artifact.digest }, events };
}

function untag(ctx: ActionContext, a: Target & SendOptions & { tag: string }) {
  const store = ctx.store();
  if (!store.removeTag(repoOf(store, a), a.tag)) throw new Error(`harbor fake: no tag ${a.tag} in ${a.repository}`);
  // Tag deletion fires no webhook at all (goharbor/harbor#18820).
  return { events: [] };
}

function deleteRepository(ctx: ActionContext, a: Target & SendOptions) {
  const store = ctx.store();
  const repo = repoOf(store, a);
  const roots = [...repo.artifacts.values()].filter((x) => x.parents.size === 0);
  const firstTags = roots.map((x) => [x.digest, x.tags[0]?.name ?? x.digest] as const);
  store.deleteRepo(repo);
  return { events: firstTags.map(([digest, tag]) => event(store, a, "DELETE_ARTIFACT", digest, tag)) };
}

type Produced = { events: HarborEvent[]; artifact?: { id: number; digest: string } };

function withDeliveries<A extends SendOptions>(ctx: ActionContext, run: (ctx: ActionContext, a: A) => Produced) {
  return async (body: unknown) => {
    const a = (body ?? {}) as A;
    const { events, artifact } = run(ctx, a);
    const { deliveries } = await dispatch(ctx.store(), ctx.host, events, a);
    return artifact ? { artifact, deliveries } : { deliveries };
  };
}

export function harborActions(ctx: ActionContext): Record<string, (body: unknown) => unknown> {
  return {
    push: withDeliveries(ctx, push),
    delete: withDeliveries(ctx, remove),
    pull: withDeliveries(ctx, pull),
    scan: withDeliveries(ctx, scan),
    untag: withDeliveries(ctx, untag),
    deleteRepository: withDeliveries(ctx, deleteRepository),
    generate: (body) => generate(ctx.seeder(), body as GenerateOptions),
  };
}
