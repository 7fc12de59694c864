/**
 * A tiny in-memory git: every commit carries its whole file tree, so reading a file "as of" any
 * commit (the sync reads a push's toHash and fromHash) is a map lookup.
 */
export type Tree = ReadonlyMap<string, string>;

export interface Commit {
  id: string;
  parents: string[];
  tree: Tree;
  message: string;
  authorTimestamp: number;
}

export interface GitRepo {
  commits: Map<string, Commit>;
  branches: Map<string, string>;
  tags: Map<string, string>;
  /** Branch name; it may not exist yet (an empty repo still has a configured default). */
  defaultBranch: string;
}

export const ZERO_HASH = "0".repeat(40);

/** Deterministic 40-hex ids (not real SHA-1: content-addressing is not needed, stability is). */
export function fakeSha(seed: string): string {
  let out = "";
  for (let round = 0; out.length < 40; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
    out += (h >>> 0).toString(16).padStart(8, "0");
  }
  return out.slice(0, 40);
}

export function emptyGit(defaultBranch = "main"): GitRepo {
  return { commits: new Map(), branches: new Map(), tags: new Map(), defaultBranch };
}

export function isEmpty(git: GitRepo): boolean {
  return git.commits.size === 0;
}

/** Apply `files` (null deletes) on top of `parent` and return the new commit (not yet on a branch). */
export function commit(
  git: GitRepo,
  salt: string,
  parent: string | undefined,
  files: Record<string, string | null>,
  message: string,
  at: number,
): Commit {
  const tree = new Map(parent ? git.commits.get(parent)!.tree : []);
  for (const [path, content] of Object.entries(files)) {
    const clean = normalisePath(path);
    if (content === null) tree.delete(clean);
    else tree.set(clean, content);
  }
  const id = fakeSha(`${salt}\0${parent ?? ""}\0${git.commits.size}\0${message}\0${JSON.stringify([...tree])}`);
  const c: Commit = { id, parents: parent ? [parent] : [], tree, message, authorTimestamp: at };
  git.commits.set(id, c);
  return c;
}

export function normalisePath(path: string): string {
  return path.split("/").filter(Boolean).join("/");
}

/**
 * Resolve `at` the way Bitbucket does: a full or abbreviated commit id, `refs/heads/x`,
 * `refs/tags/x`, or a bare branch then tag name. Omitted means the default branch.
 */
export function resolve(git: GitRepo, at: string | null): Commit | undefined {
  const ref = at ?? `refs/heads/${git.defaultBranch}`;
  const byRef = (name: string) =>
    name.startsWith("refs/heads/")
      ? git.branches.get(name.slice(11))
      : name.startsWith("refs/tags/")
        ? git.tags.get(name.slice(10))
        : (git.branches.get(name) ?? git.tags.get(name));
  const sha = byRef(ref);
  if (sha) return git.commits.get(sha);
  if (/^[0-9a-f]{4,40}$/i.test(ref)) {
    const lower = ref.toLowerCase();
    const exact = git.commits.get(lower);
    if (exact) return exact;
    const hits = [...git.commits.keys()].filter((id) => id.startsWith(lower));
    if (hits.length === 1) return git.commits.get(hits[0]!);
  }
  return undefined;
}

function ancestors(git: GitRepo, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(git.commits.get(next)?.parents ?? []));
  }
  return seen;
}

/** Nearest common ancestor along first parents of `a` (enough for the fake's linear histories). */
export function mergeBase(git: GitRepo, a: string, b: string): string | undefined {
  const ofB = ancestors(git, b);
  let cursor: string | undefined = a;
  while (cursor && !ofB.has(cursor)) cursor = git.commits.get(cursor)?.parents[0];
  return cursor;
}

export type ChangeType = "ADD" | "MODIFY" | "DELETE";

export interface FileChange {
  path: string;
  type: ChangeType;
  contentId?: string;
  fromContentId?: string;
}

export function contentId(content: string): string {
  return fakeSha(`blob\0${content}`);
}

export function diff(from: Tree, to: Tree): FileChange[] {
  const out: FileChange[] = [];
  for (const [path, content] of to) {
    const before = from.get(path);
    if (before === undefined) out.push({ path, type: "ADD", contentId: contentId(content), fromContentId: ZERO_HASH });
    else if (before !== content)
      out.push({ path, type: "MODIFY", contentId: contentId(content), fromContentId: contentId(before) });
  }
  for (const [path, content] of from)
    if (!to.has(path)) out.push({ path, type: "DELETE", contentId: ZERO_HASH, fromContentId: contentId(content) });
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}
