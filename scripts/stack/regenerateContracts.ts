/**
 * Regenerates core/contracts/generated.ts (ABIs) and deployments.ts (addresses) with the contracts'
 * own generator, the npm script {@link GENERATE_SCRIPT}, after a deployment.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "./repoRoot.js";
import { runToCompletion } from "./runToCompletion.js";
import { startChild } from "./startChild.js";

export const GENERATE_SCRIPT = "generate";

export async function regenerateContracts(options: { logFile?: string; log?: (line: string) => void }): Promise<void> {
  const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  if (pkg.scripts?.[GENERATE_SCRIPT] === undefined) {
    options.log?.(`generate: no "${GENERATE_SCRIPT}" npm script yet; core/contracts left as is`);
    return;
  }
  await runToCompletion(
    startChild({
      name: "generate",
      command: "npm",
      args: ["run", "--silent", GENERATE_SCRIPT],
      cwd: repoRoot,
      logFile: options.logFile,
    }),
  );
}
