import * as v from "valibot";
import { pathNameProblem } from "../../src/runtime/path-names.ts";

/**
 * What portside relies on in Bitbucket's answers and events; everything else passes through
 * unread. Field lists follow the DC 9.4 REST 1.0 spec and the documented event payloads.
 */

/** `{values, isLastPage, nextPageStart?}`: `nextPageStart` is absent or null on the last page. */
export const PageSchema = v.looseObject({
  values: v.array(v.unknown()),
  isLastPage: v.boolean(),
  start: v.optional(v.number()),
  size: v.optional(v.number()),
  nextPageStart: v.nullish(v.number()),
});

export const ProjectSchema = v.looseObject({
  key: v.string(),
  type: v.optional(v.string()),
});

export const RepositorySchema = v.looseObject({
  id: v.number(),
  slug: v.string(),
  name: v.string(),
  state: v.optional(v.string()),
  project: v.looseObject({ key: v.string() }),
});
export type Repository = v.InferOutput<typeof RepositorySchema>;

export const DefaultBranchSchema = v.looseObject({ id: v.string() });

export const CommitSchema = v.looseObject({ id: v.string() });

export const WebhookSchema = v.looseObject({
  id: v.number(),
  url: v.string(),
  events: v.optional(v.array(v.string()), []),
});

const RefChangeSchema = v.looseObject({
  refId: v.string(),
  fromHash: v.string(),
  toHash: v.string(),
  type: v.string(),
});

/** A project key or slug from an event, as it goes into request paths. */
export const PathName = v.pipe(
  v.string(),
  v.check(
    (name) => pathNameProblem(name) === undefined,
    (issue) => pathNameProblem(issue.input as string)!,
  ),
);

/** A repository named by an event: its key and slug become request paths, so they are checked. */
const EventRepositorySchema = v.looseObject({
  ...RepositorySchema.entries,
  slug: PathName,
  project: v.looseObject({ key: PathName }),
});

/** A project named by an event: its key becomes request paths. */
export const EventProjectSchema = v.looseObject({ ...ProjectSchema.entries, key: PathName });

export const RefsChangedSchema = v.looseObject({
  eventKey: v.literal("repo:refs_changed"),
  repository: EventRepositorySchema,
  changes: v.array(RefChangeSchema),
});
export type RefsChanged = v.InferOutput<typeof RefsChangedSchema>;

export const ModifiedSchema = v.looseObject({
  eventKey: v.literal("repo:modified"),
  old: EventRepositorySchema,
  new: EventRepositorySchema,
});
export type Modified = v.InferOutput<typeof ModifiedSchema>;
