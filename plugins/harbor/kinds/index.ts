import { defineKind, NoSelector } from "../../../src/plugin.ts";
import { AfterCursor } from "../listing.ts";
import { PolicyCursor, withPolicies } from "../policies.ts";
import { WalkCursor } from "../projects.ts";
import { ArtifactSelector, ProjectSelector, RepositorySelector } from "../selectors.ts";
import { ArtifactCursor, listArtifacts, readArtifact } from "./artifact.ts";
import { listProjects } from "./project.ts";
import { listRepositories, readRepository } from "./repository.ts";
import { listUsers } from "./user.ts";

/** Relation targets first: artifacts point at repositories and projects, repositories at projects. */
export const harborKinds = {
  // Listing projects also registers their webhook policies, when APP_HOST and the secret are set.
  project: defineKind({ selector: ProjectSelector, cursor: PolicyCursor, list: withPolicies(listProjects) }),
  user: defineKind({ selector: NoSelector, cursor: AfterCursor, list: listUsers }),
  repository: defineKind({ selector: RepositorySelector, cursor: WalkCursor, list: listRepositories, read: readRepository }),
  artifact: defineKind({ selector: ArtifactSelector, cursor: ArtifactCursor, list: listArtifacts, read: readArtifact }),
};

export type HarborKinds = typeof harborKinds;
