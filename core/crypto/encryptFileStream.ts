import { aesGcmEncrypt, importAesKey } from "./aesGcm.js";
import { Uint8ArrayList } from "uint8arraylist";
import {
  concat,
  CHUNK_HEADER_LENGTH,
  DEFAULT_CHUNK_SIZE,
  FILE_HEADER_LENGTH,
  FILE_NONCE_PREFIX_LENGTH,
  MAX_CHUNKS,
  TAG_LENGTH,
  InvalidLengthError,
  randomBytes,
} from "../encoding/index.js";
import { FileTooLargeError } from "./errors.js";
import { chunkAad } from "./aad.js";
import { assertChunkSize, chunkHeader, chunkNonce, fileHeader, takeBytes } from "./fileStreamFormat.js";

export interface EncryptFileStreamOptions {
  /** The random 256-bit per-file key (generateKey()). */
  key: Uint8Array;
  /** Plaintext bytes per chunk, 1 KiB..16 MiB (default 1 MiB). Record it in the attachment. */
  chunkSize?: number;
  /** Test vectors only: fixed 8-byte nonce prefix (default: random). */
  noncePrefix?: Uint8Array;
}

/**
 * Chunks handed to WebCrypto before the oldest is yielded. Where WebCrypto runs off the calling
 * thread (Node's thread pool) the next chunk is encrypted while the consumer hashes and stores this
 * one; Chromium 156 runs it on the page's thread, where it neither gains nor costs measurably
 * (docs/BENCHMARKS.md "Files"). Bounds memory to this many sealed chunks.
 */
export const CHUNKS_IN_FLIGHT = 2;

/** Size of the encrypted stream for a plaintext of `size` bytes. */
export function encryptedFileSize(size: number, chunkSize = DEFAULT_CHUNK_SIZE): number {
  const chunks = Math.max(1, Math.ceil(size / chunkSize));
  return FILE_HEADER_LENGTH + size + chunks * (CHUNK_HEADER_LENGTH + TAG_LENGTH);
}

/**
 * Encrypts a file stream of any piece sizes into the Cairn file format (PROTOCOL.md §Files):
 * header (0x01 ‖ nonce prefix) then chunks index ‖ flags ‖ AES-256-GCM(chunk). Yields the 9-byte
 * header, then one array per chunk. Holds the current input piece, one reused chunk-sized buffer
 * for chunks spanning input pieces (WebCrypto copies its input when called), and at most
 * CHUNKS_IN_FLIGHT sealed chunks.
 */
export async function* encryptFileStream(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: EncryptFileStreamOptions,
): AsyncGenerator<Uint8Array> {
  for await (const parts of sealFileStream(input, options)) yield parts.length === 1 ? parts[0]! : concat(...parts);
}

/**
 * The same bytes as encryptFileStream, with each chunk as two arrays, its 5-byte header then its
 * sealed bytes, so no copy joins them: for consumers that read a byte stream (addFileStream).
 */
export async function* encryptFileStreamPieces(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: EncryptFileStreamOptions,
): AsyncGenerator<Uint8Array> {
  for await (const parts of sealFileStream(input, options)) yield* parts;
}

/** Yields [file header], then [chunk header, sealed chunk] per chunk. */
async function* sealFileStream(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: EncryptFileStreamOptions,
): AsyncGenerator<Uint8Array[]> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  assertChunkSize(chunkSize);
  const noncePrefix = options.noncePrefix ?? randomBytes(FILE_NONCE_PREFIX_LENGTH);
  if (noncePrefix.length !== FILE_NONCE_PREFIX_LENGTH)
    throw new InvalidLengthError("nonce prefix", noncePrefix.length, `${FILE_NONCE_PREFIX_LENGTH} bytes`);
  const key = await importAesKey(options.key, "file key");
  const header = fileHeader(noncePrefix);
  const inFlight: { head: Uint8Array; sealed: Promise<Uint8Array> }[] = [];
  let index = 0;
  const seal = (plaintext: Uint8Array, last: boolean) => {
    if (index >= MAX_CHUNKS) throw new FileTooLargeError();
    const head = chunkHeader(index, last);
    const sealed = aesGcmEncrypt(key, chunkNonce(noncePrefix, index), chunkAad(header, chunkSize, head), plaintext);
    index++;
    // A rejection surfaces where it is awaited; this only keeps an abandoned one from going unhandled.
    sealed.catch(() => undefined);
    inFlight.push({ head, sealed });
  };
  const oldest = async () => {
    const { head, sealed } = inFlight.shift()!;
    return [head, await sealed];
  };
  yield [header];
  const queue = new Uint8ArrayList();
  for await (const piece of input) {
    queue.append(piece);
    while (queue.byteLength > chunkSize) {
      seal(takeBytes(queue, chunkSize), false);
      if (inFlight.length === CHUNKS_IN_FLIGHT) yield await oldest();
    }
  }
  seal(takeBytes(queue, queue.byteLength), true);
  while (inFlight.length > 0) yield await oldest();
}
