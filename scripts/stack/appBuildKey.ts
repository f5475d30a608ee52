/**
 * What a production build of the app depends on, as one hash: the sources of app/ and core/,
 * the Next/TypeScript configs, proxy.ts, the lockfile and the NEXT_PUBLIC_* values inlined into the
 * bundle. Equal keys mean an existing build can be served again.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { repoRoot } from "./repoRoot.js";

const SOURCE_DIRS = ["app", "core"];
const ROOT_FILE = /^(next\.config\.(ts|mjs|js)|proxy\.ts|tsconfig(\.[\w-]+)?\.json|package(-lock)?\.json)$/;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

export async function appBuildKey(env: Record<string, string>): Promise<string> {
  const files = [
    ...(await Promise.all(SOURCE_DIRS.map((dir) => filesUnder(join(repoRoot, dir))))).flat(),
    ...(await readdir(repoRoot)).filter((name) => ROOT_FILE.test(name)).map((name) => join(repoRoot, name)),
  ].sort();
  const hash = createHash("sha256").update(JSON.stringify(Object.entries(env).sort()));
  for (const file of files) {
    hash.update(`\0${relative(repoRoot, file)}\0`).update(await readFile(file));
  }
  return hash.digest("hex");
}
