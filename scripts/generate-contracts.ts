/**
 * Writes core/contracts/generated.ts (ABIs) and core/contracts/deployments.ts (addresses) from
 * artifacts/ and the Ignition deployments. `--check` writes nothing and exits 1 when a file is stale.
 *
 *   npm run generate          # build + write
 *   npm run check:generated   # build + compare
 */
import path from "node:path";
import { ROOT, generatedSources, staleGenerated, writeGenerated } from "./contracts/generatedSource.js";

if (process.argv.includes("--check")) {
  const stale = await staleGenerated(await generatedSources());
  if (stale.length > 0) {
    console.error(
      `${stale.map((file) => path.relative(ROOT, file)).join(", ")}: out of date or missing (contracts or deployments changed).\n` +
        "Run `npm run generate` and commit the result.",
    );
    process.exit(1);
  }
  console.log("core/contracts is up to date.");
} else {
  const written = await writeGenerated();
  console.log(written.length === 0 ? "core/contracts is up to date." : `Wrote ${written.join(", ")}.`);
}
