/** Runs a TypeScript entry of this repository in a child Node (same binary, tsx loader). */
import { join } from "node:path";
import { repoRoot } from "./repoRoot.js";
import { startChild, type Child, type ChildOptions } from "./startChild.js";

export function startTsxChild(
  script: string,
  args: string[],
  options: Omit<ChildOptions, "command" | "args">,
): Child {
  return startChild({
    cwd: repoRoot,
    ...options,
    command: process.execPath,
    args: ["--import", "tsx", join(repoRoot, script), ...args],
  });
}
