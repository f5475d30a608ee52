import type { Uint8ArrayList } from "uint8arraylist";
import {
  concat,
  u32be,
  u8,
  CHUNK_FLAG_LAST,
  FILE_NONCE_PREFIX_LENGTH,
  FILE_STREAM_VERSION,
  MAX_CHUNK_SIZE,
  MIN_CHUNK_SIZE,
} from "../encoding/index.js";
import { InvalidChunkSizeError } from "./errors.js";

/** Internal: pieces of the encrypted file format (PROTOCOL.md §Files). */

export function assertChunkSize(chunkSize: number): void {
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE)
    throw new InvalidChunkSizeError(chunkSize);
}

export function fileHeader(noncePrefix: Uint8Array): Uint8Array {
  return concat(u8(FILE_STREAM_VERSION), noncePrefix);
}

export function chunkHeader(index: number, last: boolean): Uint8Array {
  return concat(u32be(index), u8(last ? CHUNK_FLAG_LAST : 0));
}

/** nonce = noncePrefix (8) ‖ index (uint32 BE). */
export function chunkNonce(noncePrefix: Uint8Array, index: number): Uint8Array {
  return concat(noncePrefix.subarray(0, FILE_NONCE_PREFIX_LENGTH), u32be(index));
}

/** Removes and returns the first `count` bytes of `queue`: a view when they lie in one piece, else a copy. */
export function takeBytes(queue: Uint8ArrayList, count: number): Uint8Array {
  const out = queue.subarray(0, count);
  queue.consume(count);
  return out;
}
