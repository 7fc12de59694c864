import * as v from "valibot";

/**
 * The typed selectors the Harbor integration documents, next to `query` (which the engine
 * applies). They narrow what is fetched; `query` then filters the mapped page.
 */

const nonEmpty = v.pipe(v.string(), v.minLength(1, "must not be empty"));

export const ProjectSelector = v.looseObject({
  /** Only public (true) or only private (false) projects. */
  public: v.optional(v.boolean("must be true or false")),
  /** A glob over the project name: `*` any run of characters, `?` one character. */
  name: v.optional(nonEmpty),
});

export const RepositorySelector = v.looseObject({
  projectName: v.optional(nonEmpty),
  /** Both match the name inside its project (`service/api` of `team-a/service/api`). */
  nameContains: v.optional(nonEmpty),
  nameStartsWith: v.optional(nonEmpty),
});

export const ArtifactSelector = v.looseObject({
  /** Only artifacts carrying this tag; Harbor's tag grammar, so it is safe inside `q`. */
  tag: v.optional(v.pipe(v.string(), v.regex(/^[\w][\w.-]{0,127}$/, "must be a tag name such as latest or v1.2.3"))),
  withScanOverview: v.optional(v.boolean("must be true or false"), true),
  withTag: v.optional(v.boolean("must be true or false"), true),
});

export type ProjectFilter = v.InferOutput<typeof ProjectSelector>;
export type RepositoryFilter = v.InferOutput<typeof RepositorySelector>;
export type ArtifactFilter = v.InferOutput<typeof ArtifactSelector>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `prod-*` → /^prod-.*$/; anything but `*` and `?` is literal. */
export function globMatcher(glob: string): (name: string) => boolean {
  const pattern = glob.split("").map((c) => (c === "*" ? ".*" : c === "?" ? "." : escapeRegExp(c))).join("");
  const re = new RegExp(`^${pattern}$`);
  return (name) => re.test(name);
}

/** The longest literal run of a glob: Harbor's fuzzy `name` filter can narrow the listing with it. */
export function globHint(glob: string): string | undefined {
  const runs = glob.split(/[*?]/).filter((r) => r.length > 0);
  return runs.sort((a, b) => b.length - a.length)[0];
}

/** The repository's name inside its project. */
export function relativeName(fullName: string, project: string): string {
  return fullName.startsWith(`${project}/`) ? fullName.slice(project.length + 1) : fullName;
}

export function repositoryMatcher(filter: RepositoryFilter, project: string): (fullName: string) => boolean {
  return (fullName) => {
    const name = relativeName(fullName, project);
    if (filter.nameContains !== undefined && !name.includes(filter.nameContains)) return false;
    if (filter.nameStartsWith !== undefined && !name.startsWith(filter.nameStartsWith)) return false;
    return true;
  };
}

/** Whether an artifact carrying these tags passes the artifact selector (read with its tags). */
export function artifactAdmitted(filter: ArtifactFilter, tags: readonly { name: string }[]): boolean {
  return filter.tag === undefined || tags.some((t) => t.name === filter.tag);
}

/** Whether a repository passes a repository selector, as the repository listing applies it. */
export function repositoryAdmitted(filter: RepositoryFilter, project: string, fullName: string): boolean {
  return (filter.projectName === undefined || filter.projectName === project) && repositoryMatcher(filter, project)(fullName);
}
