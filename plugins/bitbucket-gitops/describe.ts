import * as v from "valibot";
import { PullRequestSchema } from "./kinds/pull-request.ts";
import { ProjectSchema, RepositorySchema } from "./schemas.ts";

const UserSchema = v.looseObject({ slug: v.string() });

/**
 * A Bitbucket object as its users name it, for conflict reports: `PROJECT/slug` for a repository,
 * `PROJECT/slug#id` for a pull request, the key of a project, the slug of a user.
 */
export function describeItem(kind: string, item: unknown): string | undefined {
  const named = (schema: v.GenericSchema, name: (parsed: any) => string) => {
    const parsed = v.safeParse(schema, item);
    return parsed.success ? name(parsed.output) : undefined;
  };
  switch (kind) {
    case "project":
      return named(ProjectSchema, (p) => `project ${p.key}`);
    case "user":
      return named(UserSchema, (u) => `user ${u.slug}`);
    case "repository":
      return named(RepositorySchema, (r) => `${r.project.key}/${r.slug}`);
    case "pull-request":
      return named(PullRequestSchema, (p) => `${p.toRef.repository.project.key}/${p.toRef.repository.slug}#${p.id}`);
    default:
      return undefined;
  }
}
