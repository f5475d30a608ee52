/**
 * A private copy of the Next.js project for throw-away stacks (tests, benchmarks), so their
 * `next build` output lives in `<dir>/.next` instead of the checkout's `.next`. Next allows
 * one build per directory at a time and every build wipes its output, so a build in the
 * checkout (by a developer or another run) would otherwise pull the files from under a running
 * `next start`, or leave it serving a build with another stack's ports.
 *
 * `app/`, the Next/TypeScript config files and proxy.ts are copied (Next does not discover routes
 * through a symlinked `app/`); `core/`, `node_modules/` and `package.json` are symlinked. The
 * copy must sit inside the repository so Turbopack finds the same root (the lockfile).
 */
import { cp, readdir, rm, symlink } from "node:fs/promises";
import { join, relative } from "node:path";
import { repoRoot } from "./repoRoot.js";

const LINKED = ["core", "node_modules", "package.json", "public"];
const COPIED_DIRS = ["app"];
const COPIED_FILE = /^(next\.config\.(ts|mjs|js)|proxy\.ts|tsconfig(\.[\w-]+)?\.json)$/;

export async function prepareAppCopy(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  for (const name of COPIED_DIRS) await cp(join(repoRoot, name), join(dir, name), { recursive: true });
  for (const entry of await readdir(repoRoot, { withFileTypes: true })) {
    if (entry.isFile() && COPIED_FILE.test(entry.name)) await cp(join(repoRoot, entry.name), join(dir, entry.name));
    if (LINKED.includes(entry.name)) await symlink(relative(dir, join(repoRoot, entry.name)), join(dir, entry.name));
  }
}
