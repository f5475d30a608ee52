import { randomUUID } from "node:crypto";
import { open, rename } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fsyncPath } from "./fsyncPath.js";

/** Suffix of the temp files `writeFileDurable` leaves behind if the process dies mid-write. */
export const TEMP_SUFFIX = ".tmp";

/**
 * Replace `path` atomically and durably: write a temp file in the same
 * directory, fsync it, rename it over `path`, fsync the directory. After a
 * crash the file holds either the old or the new content, never a mix.
 */
export async function writeFileDurable(path: string, contents: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${randomUUID()}${TEMP_SUFFIX}`);
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  await fsyncPath(dirname(path));
}
