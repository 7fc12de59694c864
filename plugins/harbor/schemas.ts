import * as v from "valibot";

/**
 * The parts of Harbor's responses the plugin relies on. Objects stay loose: every other field is
 * passed through untouched, so mappings can use anything Harbor returns.
 */

/** go-swagger marshals empty arrays without `omitempty` as null; mappings should see []. */
const list = <T extends v.GenericSchema>(item: T) =>
  v.pipe(
    v.nullish(v.array(item)),
    v.transform((items) => items ?? []),
  );

const id = v.pipe(v.number(), v.integer(), v.minValue(1));

export const ProjectSchema = v.looseObject({
  project_id: id,
  name: v.string(),
  repo_count: v.optional(v.number()),
  current_user_role_ids: v.optional(list(v.number())),
});
export type Project = v.InferOutput<typeof ProjectSchema>;

export const UserSchema = v.looseObject({
  user_id: id,
  username: v.string(),
});

export const RepositorySchema = v.looseObject({
  id,
  project_id: id,
  /** The full path, project included: `team-a/service/api`. */
  name: v.string(),
});

export const TagSchema = v.looseObject({ name: v.string() });

export const ArtifactSchema = v.looseObject({
  id,
  project_id: id,
  digest: v.string(),
  repository_name: v.string(),
  tags: list(TagSchema),
  labels: list(v.unknown()),
  references: list(v.unknown()),
  accessories: list(v.unknown()),
});
export type Artifact = v.InferOutput<typeof ArtifactSchema>;
