import * as v from "valibot";

/**
 * The parts of Harbor's responses the plugin relies on. They only check: mappings get the item
 * exactly as Harbor returned it (see `rawItem`), as Ocean's do, so no schema may transform.
 */

/** go-swagger marshals empty arrays without `omitempty` as null, and mappings see that null. */
const list = <T extends v.GenericSchema>(item: T) => v.nullish(v.array(item));

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

/**
 * Checks what the plugin relies on and returns the input itself: a parse would hand mappings a copy
 * with the schema's keys first, which `keys_unsorted`, `to_entries` or `.[]` would tell apart.
 */
export function rawItem<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  v.assert(schema, input);
  return input as v.InferOutput<S>;
}
