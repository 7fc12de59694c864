import { defineKind, NoSelector } from "../../../src/plugin.ts";
import { FileCursor, listFiles } from "../listing.ts";
import { ProjectScopedSelector, PullRequestSelector } from "../selectors.ts";
import { WalkCursor } from "../walk.ts";
import { listProjects, ProjectCursor, readProject } from "./project.ts";
import { listPullRequests, PullCursor, readPullRequest } from "./pull-request.ts";
import { listRepositories, readRepository } from "./repository.ts";
import { listUsers, UserCursor } from "./user.ts";

/** GitOps files first (they relate to nothing here), then relation targets before what points at them. */
export const bitbucketKinds = {
  file: defineKind({ selector: NoSelector, cursor: FileCursor, list: listFiles }),
  project: defineKind({ selector: ProjectScopedSelector, cursor: ProjectCursor, list: listProjects, read: readProject }),
  user: defineKind({ selector: NoSelector, cursor: UserCursor, list: listUsers }),
  repository: defineKind({ selector: ProjectScopedSelector, cursor: WalkCursor, list: listRepositories, read: readRepository }),
  "pull-request": defineKind({ selector: PullRequestSelector, cursor: PullCursor, list: listPullRequests, read: readPullRequest }),
};

export type BitbucketKinds = typeof bitbucketKinds;
