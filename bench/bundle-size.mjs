// Builds the production bundle as `wrangler deploy` would upload it (--dry-run, nothing is sent)
// and prints its size, raw and gzipped, against Cloudflare's Worker size limits. Exits non-zero when
// the bundle does not build, so CI runs it too. Usage: node bench/bundle-size.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const KIB = 1024;
const MIB = 1024 * KIB;
// Cloudflare measures the free plan's old limit in MB of the compressed upload; the new one in MiB, uncompressed.
const LIMITS = [
  { name: "free plan until 2026-09-04: 3 MB compressed", bytes: 3_000_000, measure: "gzip" },
  { name: "all plans since 2026-09-04: 64 MiB uncompressed", bytes: 64 * MIB, measure: "raw" },
];

const outdir = mkdtempSync(join(tmpdir(), "portside-bundle-"));
try {
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  try {
    execFileSync(wrangler, ["deploy", "--dry-run", "--outdir", outdir], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
  } catch (error) {
    console.error(`the production bundle does not build:\n${error.stdout ?? ""}${error.stderr ?? error.message}`);
    process.exit(1);
  }
  // Every module wrangler would upload: the bundled script, jq.wasm, the mapping texts (not the source map).
  // Files of the same name (each plugin's port-app-config.yml) share a row.
  const byName = new Map();
  for (const file of readdirSync(outdir).filter((f) => !f.endsWith(".map") && f !== "README.md")) {
    const bytes = readFileSync(join(outdir, file));
    const name = file.replace(/^[0-9a-f]{40}-/, "");
    const row = byName.get(name) ?? { name, files: 0, raw: 0, gzip: 0 };
    byName.set(name, { name, files: row.files + 1, raw: row.raw + bytes.length, gzip: row.gzip + gzipSync(bytes).length });
  }
  const modules = [...byName.values()].sort((a, b) => b.raw - a.raw);
  const total = modules.reduce((sum, m) => ({ raw: sum.raw + m.raw, gzip: sum.gzip + m.gzip }), { raw: 0, gzip: 0 });

  const size = (bytes) => (bytes >= MIB ? `${(bytes / MIB).toFixed(2)} MiB` : `${(bytes / KIB).toFixed(1)} KiB`);
  const share = (part, whole) => `${((100 * part) / whole).toFixed(1)}%`;
  console.log("Production bundle (wrangler deploy --dry-run)\n");
  console.log("| Module | Raw | Gzipped | Share of raw | Share of gzipped |\n| --- | --- | --- | --- | --- |");
  for (const m of modules) console.log(`| ${m.name}${m.files > 1 ? ` (${m.files} files)` : ""} | ${size(m.raw)} | ${size(m.gzip)} | ${share(m.raw, total.raw)} | ${share(m.gzip, total.gzip)} |`);
  console.log(`| **total** | ${size(total.raw)} | ${size(total.gzip)} | 100% | 100% |\n`);
  console.log("| Limit | Bundle | Ratio |\n| --- | --- | --- |");
  for (const limit of LIMITS) {
    const bytes = total[limit.measure];
    console.log(`| ${limit.name} | ${size(bytes)} ${limit.measure === "gzip" ? "gzipped" : "raw"} | ${(bytes / limit.bytes).toFixed(2)}× of the limit |`);
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
