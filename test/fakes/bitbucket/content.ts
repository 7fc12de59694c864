import type { Ctx } from "./context.ts";
import { contentId, diff, isEmpty, mergeBase, normalisePath, resolve, type Commit, type FileChange, type Tree } from "./git.ts";
import { EXCEPTIONS, fail, json } from "./http.ts";
import type { Repo } from "./model.ts";
import { page, pageRequest, withNext } from "./paging.ts";
import { branchRef } from "./render.ts";

/** The commit `at` names, failing like Bitbucket when the ref or the whole history is missing. */
function commitAt(ctx: Ctx, repo: Repo, at: string | null, path: string): Commit {
  if (isEmpty(repo.git) && ctx.content.emptyRepo === "no-such-path")
    return fail(404, `The path "${path}" does not exist at revision "${at ?? repo.git.defaultBranch}"`, EXCEPTIONS.noSuchPath);
  const c = resolve(repo.git, at);
  if (!c) {
    const ref = at ?? `refs/heads/${repo.git.defaultBranch}`;
    return fail(404, `Commit '${ref}' does not exist in repository '${repo.slug}'.`, EXCEPTIONS.noSuchCommit);
  }
  return c;
}

const noSuchPath = (path: string, c: Commit): never =>
  fail(404, `The path "${path}" does not exist at revision "${c.id}"`, EXCEPTIONS.noSuchPath);

function isDirectory(tree: Tree, dir: string): boolean {
  if (dir === "") return true;
  for (const path of tree.keys()) if (path.startsWith(dir + "/")) return true;
  return false;
}

export function raw(ctx: Ctx, repo: Repo, rawPath: string): Response {
  const path = normalisePath(rawPath);
  const c = commitAt(ctx, repo, ctx.query.get("at"), path);
  const content = c.tree.get(path);
  if (content === undefined) return noSuchPath(path, c);
  return new Response(content, { headers: { "content-type": "text/plain;charset=UTF-8" } });
}

export function browse(ctx: Ctx, repo: Repo, rawPath: string): Response {
  const path = normalisePath(rawPath);
  const at = ctx.query.get("at");
  const c = commitAt(ctx, repo, at, path);
  const content = c.tree.get(path);
  const dir = content === undefined && isDirectory(c.tree, path);
  if (content === undefined && !dir) return noSuchPath(path, c);
  // The flags only count when literally "true".
  if (ctx.query.get("type") === "true") return json({ type: dir ? "DIRECTORY" : "FILE" });
  if (ctx.query.get("size") === "true" && content !== undefined)
    return json({ size: new TextEncoder().encode(content).length });
  const req = pageRequest(ctx.query, 500, ctx.limits.lines);
  if (content === undefined) return json(directory(ctx, c, path, at, req));
  const max = ctx.content.maxLineLength ?? 5000;
  const all = content === "" ? [] : content.replace(/\n$/, "").split("\n");
  const slice = all.slice(req.start, req.start + req.limit).map((text) => ({ text: text.slice(0, max) }));
  const out = {
    lines: slice,
    start: req.start,
    size: slice.length,
    limit: req.limit,
    isLastPage: req.start + slice.length >= all.length,
  };
  return json(withNext(out, req.start + slice.length, ctx.paging, "files"));
}

function pathJson(path: string) {
  const components = path === "" ? [] : path.split("/");
  const name = components.at(-1) ?? "";
  const dot = name.lastIndexOf(".");
  return {
    components,
    parent: components.slice(0, -1).join("/"),
    name,
    ...(dot > 0 ? { extension: name.slice(dot + 1) } : {}),
    toString: path,
  };
}

function directory(ctx: Ctx, c: Commit, dir: string, at: string | null, req: { start: number; limit: number }) {
  const prefix = dir === "" ? "" : dir + "/";
  const children = new Map<string, { type: "FILE" | "DIRECTORY"; content?: string }>();
  for (const [path, content] of c.tree) {
    if (!path.startsWith(prefix)) continue;
    const [head, ...rest] = path.slice(prefix.length).split("/");
    if (rest.length) children.set(head!, { type: "DIRECTORY" });
    else children.set(head!, { type: "FILE", content });
  }
  const values = [...children.entries()]
    .sort(([a, x], [b, y]) => (x.type === y.type ? (a < b ? -1 : 1) : x.type === "DIRECTORY" ? -1 : 1))
    .map(([name, child]) => ({
      path: pathJson(name),
      type: child.type,
      ...(child.content === undefined
        ? {}
        : { contentId: contentId(child.content), size: child.content.length }),
    }));
  return { path: pathJson(dir), revision: at ?? c.id, children: page(values, req, ctx.paging, "files") };
}

export function files(ctx: Ctx, repo: Repo, rawDir: string): Response {
  const dir = normalisePath(rawDir);
  const c = commitAt(ctx, repo, ctx.query.get("at"), dir);
  if (!isDirectory(c.tree, dir)) return noSuchPath(dir, c);
  const prefix = dir === "" ? "" : dir + "/";
  const all = [...c.tree.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length)).sort();
  return json(page(all, pageRequest(ctx.query, 25, ctx.limits.files), ctx.paging, "files"));
}

function changeJson(ch: FileChange) {
  return {
    contentId: ch.contentId,
    fromContentId: ch.fromContentId,
    path: pathJson(ch.path),
    executable: false,
    percentUnchanged: -1,
    type: ch.type,
    nodeType: "FILE",
    ...(ch.type === "ADD" ? {} : { srcExecutable: false }),
    // Real change entries carry a null self link.
    links: { self: [null] },
    properties: { gitChangeType: ch.type },
  };
}

function lookup(repo: Repo, ref: string): Commit {
  const c = resolve(repo.git, ref);
  if (!c) return fail(404, `Commit '${ref}' does not exist in repository '${repo.slug}'.`, EXCEPTIONS.noSuchCommit);
  return c;
}

/**
 * Changes "in `from` but not in `to`": the diff from their merge base to `from`. Asking with
 * from=<old> to=<new> on a linear history therefore yields nothing, as on a real server.
 */
export function compareChanges(ctx: Ctx, repo: Repo): Response {
  const fromRef = ctx.query.get("from");
  const toRef = ctx.query.get("to");
  const from = fromRef ? lookup(repo, fromRef) : commitAt(ctx, repo, null, "");
  const to = toRef ? lookup(repo, toRef) : commitAt(ctx, repo, null, "");
  const baseId = mergeBase(repo.git, from.id, to.id);
  const base = baseId ? repo.git.commits.get(baseId)!.tree : new Map<string, string>();
  const changes = diff(base, from.tree).map(changeJson);
  return json(page(changes, pageRequest(ctx.query, 25, ctx.limits.changes), ctx.paging, "generic"));
}

export function commitChanges(ctx: Ctx, repo: Repo, id: string): Response {
  const c = lookup(repo, id);
  const since = ctx.query.get("since");
  const parent = since ? lookup(repo, since) : c.parents[0] ? repo.git.commits.get(c.parents[0]) : undefined;
  const changes = diff(parent?.tree ?? new Map(), c.tree).map(changeJson);
  const p = page(changes, pageRequest(ctx.query, 25, ctx.limits.changes), ctx.paging, "generic");
  return json({ fromHash: parent?.id ?? null, toHash: c.id, properties: {}, ...p });
}

function commitJson(c: Commit) {
  const author = { name: "fake", emailAddress: "fake@example.com" };
  return {
    id: c.id,
    displayId: c.id.slice(0, 11),
    author,
    authorTimestamp: c.authorTimestamp,
    committer: author,
    committerTimestamp: c.authorTimestamp,
    message: c.message,
    parents: c.parents.map((id) => ({ id, displayId: id.slice(0, 11) })),
  };
}

/** History from `until` (default branch) along first parents, newest first, down to `since`. */
export function commits(ctx: Ctx, repo: Repo): Response {
  const until = ctx.query.get("until");
  const since = ctx.query.get("since");
  const stop = since ? lookup(repo, since).id : undefined;
  const all: Commit[] = [];
  let cursor: Commit | undefined = until ? lookup(repo, until) : commitAt(ctx, repo, null, "");
  while (cursor && cursor.id !== stop) {
    all.push(cursor);
    cursor = cursor.parents[0] ? repo.git.commits.get(cursor.parents[0]) : undefined;
  }
  return json(page(all.map(commitJson), pageRequest(ctx.query, 25, ctx.limits.commits), ctx.paging, "generic"));
}

export function getCommit(repo: Repo, id: string): Response {
  return json(commitJson(lookup(repo, id)));
}

export function defaultBranch(repo: Repo): Response {
  return json(branchRef(repo.git.defaultBranch));
}

function branchJson(repo: Repo, name: string, sha: string) {
  return { ...branchRef(name), latestCommit: sha, latestChangeset: sha, isDefault: name === repo.git.defaultBranch };
}

/** Deprecated endpoint: 204 when the default branch has no commit yet. */
export function branchesDefault(repo: Repo): Response {
  const sha = repo.git.branches.get(repo.git.defaultBranch);
  return sha ? json(branchJson(repo, repo.git.defaultBranch, sha)) : new Response(null, { status: 204 });
}

export function branches(ctx: Ctx, repo: Repo): Response {
  const filter = ctx.query.get("filterText")?.toLowerCase();
  const all = [...repo.git.branches]
    .filter(([name]) => !filter || name.toLowerCase().includes(filter))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, sha]) => branchJson(repo, name, sha));
  return json(page(all, pageRequest(ctx.query, 25, ctx.limits.maxLimit), ctx.paging, "generic"));
}
