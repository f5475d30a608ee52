/**
 * Writes core/contracts/generated.ts (ABIs + deployments) from artifacts/ and the Ignition
 * deployments. `--check` writes nothing and exits 1 when the file is stale.
 *
 *   npm run generate          # build + write
 *   npm run check:generated   # build + compare
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { GENERATED_PATH, ROOT, generatedSource } from "./contracts/generatedSource.js";

const check = process.argv.includes("--check");
const relative = path.relative(ROOT, GENERATED_PATH);
const expected = await generatedSource();
const current = existsSync(GENERATED_PATH) ? await readFile(GENERATED_PATH, "utf8") : undefined;

if (check) {
  if (current !== expected) {
    console.error(
      `${relative} is ${current === undefined ? "missing" : "out of date"} (contracts or deployments changed).\n` +
        "Run `npm run generate` and commit the result.",
    );
    process.exit(1);
  }
  console.log(`${relative} is up to date.`);
} else if (current === expected) {
  console.log(`${relative} is up to date.`);
} else {
  await mkdir(path.dirname(GENERATED_PATH), { recursive: true });
  await writeFile(GENERATED_PATH, expected);
  console.log(`Wrote ${relative}.`);
}
