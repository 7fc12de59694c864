// Run by `npm install` (the prepare script): everything generated from sources the repo holds.
import { embedMappings } from "./embed-mappings.mjs";
import { vendorJq } from "./vendor-jq.mjs";

try {
  const dir = await vendorJq();
  console.log(`prepare: jq-web vendored into ${dir}`);
  const files = await embedMappings();
  console.log(`prepare: embedded ${files.length} mapping file(s)`);
} catch (error) {
  console.error(`prepare failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
