import { open } from "node:fs/promises";

/** Flush a file's (or a directory's entries') data to stable storage. */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
