import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Every module specifier a file names: static and type imports, re-exports, dynamic imports. */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\b[^"'`;]*?\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["'`]([^"'`]+)["'`]/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(m?[jt]sx?)$/.test(entry.name) ? [path] : [];
  });
}

/** Imports in src/ that reach into plugins/, as `file → specifier`. */
function coreImportsOfPlugins(): string[] {
  const plugins = join(ROOT, "plugins");
  return sources(join(ROOT, "src")).flatMap((file) =>
    specifiers(readFileSync(file, "utf8"))
      .filter((spec) => spec.startsWith(".") && resolve(dirname(file), spec).startsWith(`${plugins}/`))
      .map((spec) => `${relative(ROOT, file)} → ${spec}`),
  );
}

describe("the core's boundary", () => {
  it("finds imports of every form", () => {
    const text = `import a from "../plugins/a.ts";\nimport type { B } from "../plugins/b.ts";\nexport { c } from "../plugins/c.ts";\nimport "../plugins/d.ts";\nconst e = await import("../plugins/e.ts");\nimport {\n  f,\n} from "../plugins/f.ts";`;
    expect(specifiers(text).sort()).toEqual(["a", "b", "c", "d", "e", "f"].map((x) => `../plugins/${x}.ts`));
  });

  it("nothing under src/ imports from plugins/", () => {
    expect(coreImportsOfPlugins()).toEqual([]);
  });
});
