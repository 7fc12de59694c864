// Node 20 cannot run TypeScript: bundle the demo with esbuild (installed with wrangler) and run it.
import { build } from "esbuild";
import { fileURLToPath, pathToFileURL } from "node:url";

// Under test/.artifacts (git-ignored); packages stay external and resolve from the project's node_modules.
const outfile = fileURLToPath(new URL("../.artifacts/demo.mjs", import.meta.url));
await build({
  entryPoints: [fileURLToPath(new URL("./run.ts", import.meta.url))],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
await import(pathToFileURL(outfile).href);
