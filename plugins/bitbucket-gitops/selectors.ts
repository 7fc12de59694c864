import * as v from "valibot";
import type { BitbucketSettings } from "./settings.ts";

/**
 * The typed selectors of Ocean's bitbucket-server integration, next to `query` (which the engine
 * applies): `projects` and `projectFilterRegex` narrow every Bitbucket kind, `state` the pull requests.
 */

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

const ProjectScope = {
  /** Project keys, matched exactly (Ocean builds `^(KEY|KEY)$` from them). */
  projects: v.optional(v.array(v.pipe(v.string("must be a project key"), v.minLength(1, "must not be empty")), "must be a list of project keys")),
  /** Matched at the start of the key, as Python's re.match does; both must pass when both are set. */
  projectFilterRegex: v.optional(v.pipe(v.string("must be a regular expression"), v.check(compiles, "is not a valid regular expression"))),
};

export const ProjectScopedSelector = v.looseObject(ProjectScope);

export const PULL_REQUEST_STATES = ["ALL", "OPEN", "MERGED", "DECLINED"] as const;

export const PullRequestSelector = v.looseObject({
  ...ProjectScope,
  state: v.optional(v.picklist(PULL_REQUEST_STATES, `must be one of ${PULL_REQUEST_STATES.join(", ")}`), "OPEN"),
});

export type ProjectScopeFilter = v.InferOutput<typeof ProjectScopedSelector>;
export type PullRequestFilter = v.InferOutput<typeof PullRequestSelector>;

/** Whether a project key passes BITBUCKET_PROJECTS_FILTER and the selector's `projects` and `projectFilterRegex`. */
export function projectMatcher(settings: BitbucketSettings, filter: ProjectScopeFilter): (key: string) => boolean {
  const setting = settings.projects ?? [];
  const regex = filter.projectFilterRegex === undefined ? undefined : new RegExp(`^(?:${filter.projectFilterRegex})`);
  return (key) =>
    (setting.length === 0 || setting.includes(key.startsWith("~") ? key : key.toUpperCase())) &&
    (filter.projects === undefined || filter.projects.length === 0 || filter.projects.includes(key)) &&
    (regex === undefined || regex.test(key));
}

/**
 * Project keys to read one by one instead of listing every project: the setting's, narrowed by the
 * selector's `projects`; null when the projects must be listed.
 */
export function namedProjects(settings: BitbucketSettings, filter: ProjectScopeFilter): string[] | null {
  const setting = settings.projects ?? [];
  const named = filter.projects?.length ? filter.projects : setting.length > 0 ? setting : null;
  return named && named.filter(projectMatcher(settings, filter));
}
