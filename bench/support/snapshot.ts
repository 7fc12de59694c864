import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../", import.meta.url));

export interface Snapshot {
  root: string;
  remove(): void;
}

/**
 * Copies the given repository paths to a temporary directory (node_modules linked, not copied).
 * wrangler's bundler watches every source file even with `watch: false` and reloads the worker
 * when one changes, which kills a running tick; a worker built from a snapshot keeps measuring
 * the code the bench started with while the checkout is being edited.
 */
export function snapshotSources(paths: readonly string[]): Snapshot {
  const root = mkdtempSync(join(tmpdir(), "portside-bench-"));
  for (const path of paths) cpSync(join(repo, path), join(root, path), { recursive: true });
  symlinkSync(join(repo, "node_modules"), join(root, "node_modules"), "dir");
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
