/** Test data helpers: deterministic lazily produced bytes, and stream digests. */
import { sha256 } from "multiformats/hashes/sha2";

export const MiB = 1024 * 1024;

/** A pseudo-random period that is not a multiple of the 1 MiB leaf size, so no two leaves are equal. */
const PERIOD = (() => {
  const bytes = new Uint8Array(MiB + 7);
  for (let p = 0; p < bytes.length; p++) {
    const x = Math.imul(p ^ (p >>> 13), 0x5bd1e995);
    bytes[p] = (x ^ (x >>> 15)) & 0xff;
  }
  return bytes;
})();

/**
 * Deterministic bytes (a function of the absolute position + `offset` only),
 * produced lazily in `chunk`-sized pieces. Different offsets give different files.
 */
export async function* pattern(
  total: number,
  chunk: number,
  onYield?: (produced: number) => void,
  offset = 0,
): AsyncGenerator<Uint8Array> {
  let produced = 0;
  while (produced < total) {
    const piece = new Uint8Array(Math.min(chunk, total - produced));
    for (let filled = 0; filled < piece.length; ) {
      const start = (offset + produced + filled) % PERIOD.length;
      const run = PERIOD.subarray(start, start + piece.length - filled);
      piece.set(run, filled);
      filled += run.length;
    }
    produced += piece.length;
    yield piece;
    onYield?.(produced);
  }
}

export async function digestOf(source: AsyncIterable<Uint8Array>): Promise<{ hex: string; length: number }> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of source) {
    chunks.push(chunk);
    length += chunk.length;
  }
  const all = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return { hex: Buffer.from((await sha256.digest(all)).digest).toString("hex"), length };
}
