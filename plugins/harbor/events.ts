import * as v from "valibot";
import { pathNameProblem } from "../../src/runtime/path-names.ts";

/**
 * Harbor's webhook payloads (`src/pkg/notifier/model/event.go`, `formats/{default,cloudevents}.go`)
 * in both formats, reduced to one event. A delivery only says "this artifact changed": what it
 * looks like now is read back from Harbor, so only the fields that name it are required.
 */

/** The event types a policy subscribes to, and what each does here: re-read the artifact. */
export const ARTIFACT_EVENTS = ["PUSH_ARTIFACT", "PULL_ARTIFACT", "DELETE_ARTIFACT", "SCANNING_COMPLETED", "SCANNING_FAILED"] as const;
/** Not subscribed to, but a scan stopped half-way changes the artifact's scan status all the same. */
const HANDLED = [...ARTIFACT_EVENTS, "SCANNING_STOPPED"] as const;
export type ArtifactEventType = (typeof HANDLED)[number];

const CLOUD_TYPES: Record<string, ArtifactEventType> = {
  "harbor.artifact.pushed": "PUSH_ARTIFACT",
  "harbor.artifact.pulled": "PULL_ARTIFACT",
  "harbor.artifact.deleted": "DELETE_ARTIFACT",
  "harbor.scan.completed": "SCANNING_COMPLETED",
  "harbor.scan.failed": "SCANNING_FAILED",
  "harbor.scan.stopped": "SCANNING_STOPPED",
};

/** Enough of the events a handful of artifacts bring; a bigger list is not Harbor's. */
const MAX_RESOURCES = 20;

const nonEmpty = v.pipe(v.string(), v.minLength(1, "must not be empty"));

/** OCI digest grammar (algorithm ":" encoded); it goes into a request path. */
const Digest = v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, "must be a digest such as sha256:…"));

const Resource = v.looseObject({
  digest: Digest,
  tag: v.optional(v.string()),
  resource_url: v.optional(v.string()),
});

/** A project or repository name as it goes into Harbor request paths. */
const pathName = (nested: boolean) =>
  v.pipe(
    nonEmpty,
    v.check(
      (name) => pathNameProblem(name, nested) === undefined,
      (issue) => pathNameProblem(issue.input as string, nested)!,
    ),
  );

const Repository = v.pipe(
  v.looseObject({
    namespace: pathName(false),
    repo_full_name: pathName(true),
  }),
  v.check((r) => r.repo_full_name.startsWith(`${r.namespace}/`) && r.repo_full_name.length > r.namespace.length + 1, "repo_full_name must be <namespace>/<name>"),
);

export const ArtifactEventData = v.looseObject({
  resources: v.pipe(v.array(Resource), v.minLength(1, "names no artifact"), v.maxLength(MAX_RESOURCES, `names more than ${MAX_RESOURCES} artifacts`)),
  repository: Repository,
});

const DefaultEnvelope = v.looseObject({
  type: nonEmpty,
  occur_at: v.optional(v.number()),
  operator: v.optional(v.string()),
  event_data: v.unknown(),
});

const CloudEnvelope = v.looseObject({
  specversion: v.literal("1.0", 'specversion must be "1.0"'),
  id: nonEmpty,
  type: nonEmpty,
  data: v.unknown(),
});

/** The event as accept() passes it on: validated again when it comes back from the queue, maybe to a newer release. */
export const ArtifactEventSchema = v.object({
  type: v.picklist(HANDLED),
  /** Project name, as in the resync's identifiers. */
  project: v.string(),
  repository: v.string(),
  digests: v.pipe(v.array(v.string()), v.minLength(1)),
  /** The tag the event names, for messages only. */
  tag: v.optional(v.string()),
  /** CloudEvents' id (the same across Harbor's retries), else type, artifact and time. */
  key: v.string(),
});
export type ArtifactEvent = v.InferOutput<typeof ArtifactEventSchema>;

/** A queued event, or why it is not one this release can apply (naming the field). */
export function queuedEvent(json: unknown): ArtifactEvent {
  const parsed = v.safeParse(ArtifactEventSchema, json);
  if (!parsed.success) throw new Error(firstIssue(parsed.issues, "queued Harbor event"));
  return parsed.output;
}

export type Parsed = { ok: true; event: ArtifactEvent } | { ok: true; ignored: string } | { ok: false; reason: string };

function firstIssue(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]], prefix: string): string {
  const path = v.getDotPath(issues[0]);
  return `${prefix}${path ? `.${path}` : ""}: ${issues[0].message}`;
}

/** Which format, which type, and the event data it carries; CloudEvents are recognised by `specversion`. */
function envelope(json: unknown): { ok: true; type: string; data: unknown; dataName: string; key?: string; at?: number } | { ok: false; reason: string } {
  if (json !== null && typeof json === "object" && "specversion" in json) {
    const parsed = v.safeParse(CloudEnvelope, json);
    if (!parsed.success) return { ok: false, reason: firstIssue(parsed.issues, "CloudEvent") };
    return { ok: true, type: parsed.output.type, data: parsed.output.data, dataName: "data", key: parsed.output.id };
  }
  const parsed = v.safeParse(DefaultEnvelope, json);
  if (!parsed.success) return { ok: false, reason: firstIssue(parsed.issues, "payload") };
  return { ok: true, type: parsed.output.type, data: parsed.output.event_data, dataName: "event_data", at: parsed.output.occur_at };
}

const handledType = (type: string): ArtifactEventType | undefined =>
  (HANDLED as readonly string[]).includes(type) ? (type as ArtifactEventType) : CLOUD_TYPES[type];

/** Validate a delivery's body: an artifact event, an event type left alone, or why it is malformed. */
export function parseEvent(body: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: "the body is not JSON" };
  }
  const env = envelope(json);
  if (!env.ok) return env;
  const type = handledType(env.type);
  if (!type) return { ok: true, ignored: `event ${env.type} is not used` };
  const data = v.safeParse(ArtifactEventData, env.data);
  if (!data.success) return { ok: false, reason: firstIssue(data.issues, env.dataName) };
  const { resources, repository } = data.output;
  const digests = [...new Set(resources.map((r) => r.digest))];
  const tag = resources[0]!.tag;
  return {
    ok: true,
    event: {
      type,
      project: repository.namespace,
      repository: repository.repo_full_name,
      digests,
      tag: tag && tag !== resources[0]!.digest ? tag : undefined,
      key: env.key ?? `${type}:${repository.repo_full_name}@${digests.join(",")}:${env.at ?? ""}`,
    },
  };
}
