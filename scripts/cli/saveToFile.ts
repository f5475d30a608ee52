import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Write a stream to `out` through a temporary file next to it, renamed into place only once
 * the stream ended without error: a failed or interrupted download leaves no file at `out`.
 */
export async function saveToFile(source: AsyncIterable<Uint8Array>, out: string): Promise<void> {
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.part`);
  try {
    await pipeline(Readable.from(source), createWriteStream(temp, { flags: "wx" }));
    await rename(temp, out);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
