import type { BitbucketClient } from "./client.ts";
import { parseEntities, type FileEntity } from "./entities.ts";
import type { Repository } from "./schemas.ts";

/** Read in this order at the root; the first one found is the repository's file. */
export const FILE_NAMES = ["port.yaml", "port.yml"] as const;

export interface RepoRef {
  id: number;
  slug: string;
  name: string;
  project: { key: string };
}

/** The raw item of kind `file`: the mapping turns each element of `content` into one entity. */
export interface RawFile {
  content: FileEntity[];
  repository: RepoRef;
  path: string;
}

export type FileOutcome =
  | { status: "none" }
  /** `problems` name entities that were skipped; the valid ones are in the item. */
  | { status: "file"; item: RawFile; problems: string[]; declared: { identifier: string; blueprint: string }[] }
  | { status: "invalid"; message: string };

export const repoRef = (repo: Repository | RepoRef): RepoRef => ({
  id: repo.id,
  slug: repo.slug,
  name: repo.name,
  project: { key: repo.project.key },
});

export const describeRepo = (repo: RepoRef) => `${repo.project.key}/${repo.slug}`;

/**
 * The repository's port.yaml (else port.yml) at `at`, or at the default branch. No such path, an
 * empty repository and a repository gone since it was listed all mean "no file"; any other failure
 * (a commit `at` names that does not exist too) is thrown, so the caller keeps what the repository
 * declared before.
 */
export async function readRepoFile(client: BitbucketClient, repo: RepoRef, at?: string): Promise<FileOutcome> {
  for (const path of FILE_NAMES) {
    const read = await client.raw(repo.project.key, repo.slug, path, at);
    if (!read.found) {
      if (read.why === "path") continue;
      return { status: "none" };
    }
    const parsed = parseEntities(read.text);
    const where = `${describeRepo(repo)}: ${path}`;
    if (!parsed.ok) return { status: "invalid", message: `${where}: ${parsed.message}` };
    const problems = parsed.problems.map(
      (p) => `${where}: entity ${p.index}${p.identifier ? ` (${p.identifier})` : ""}: ${p.field}: ${p.message}; entity skipped`,
    );
    return { status: "file", item: { content: parsed.entities, repository: repoRef(repo), path }, problems, declared: parsed.declared };
  }
  return { status: "none" };
}
