import { aesGcmEncrypt, importAesKey } from "./aesGcm.js";
import { ByteQueue } from "./byteQueue.js";
import { concat } from "./bytes.js";
import { CHUNK_HEADER_LENGTH, DEFAULT_CHUNK_SIZE, FILE_HEADER_LENGTH, FILE_NONCE_PREFIX_LENGTH, MAX_CHUNKS, TAG_LENGTH } from "./constants.js";
import { FileTooLargeError, InvalidLengthError } from "./errors.js";
import { assertChunkSize, chunkAad, chunkHeader, chunkNonce, fileHeader } from "./fileStreamFormat.js";
import { randomBytes } from "./randomBytes.js";

export interface EncryptFileStreamOptions {
  /** The random 256-bit per-file key (generateKey()). */
  key: Uint8Array;
  /** Plaintext bytes per chunk, 1 KiB..16 MiB (default 1 MiB). Record it in the attachment. */
  chunkSize?: number;
  /** Test vectors only: fixed 8-byte nonce prefix (default: random). */
  noncePrefix?: Uint8Array;
}

/** Size of the encrypted stream for a plaintext of `size` bytes. */
export function encryptedFileSize(size: number, chunkSize = DEFAULT_CHUNK_SIZE): number {
  const chunks = Math.max(1, Math.ceil(size / chunkSize));
  return FILE_HEADER_LENGTH + size + chunks * (CHUNK_HEADER_LENGTH + TAG_LENGTH);
}

/**
 * Encrypts a file stream of any piece sizes into the Cairn file format (PROTOCOL.md §Files):
 * header (0x01 ‖ nonce prefix) then chunks index ‖ flags ‖ AES-256-GCM(chunk). Holds at most
 * one chunk plus the current input piece; yields the header, then one array per chunk.
 */
export async function* encryptFileStream(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: EncryptFileStreamOptions,
): AsyncGenerator<Uint8Array> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  assertChunkSize(chunkSize);
  const noncePrefix = options.noncePrefix ?? randomBytes(FILE_NONCE_PREFIX_LENGTH);
  if (noncePrefix.length !== FILE_NONCE_PREFIX_LENGTH)
    throw new InvalidLengthError("nonce prefix", noncePrefix.length, `${FILE_NONCE_PREFIX_LENGTH} bytes`);
  const key = await importAesKey(options.key, "file key");
  const header = fileHeader(noncePrefix);
  let index = 0;
  const seal = async (plaintext: Uint8Array, last: boolean) => {
    if (index >= MAX_CHUNKS) throw new FileTooLargeError();
    const head = chunkHeader(index, last);
    const sealed = await aesGcmEncrypt(key, chunkNonce(noncePrefix, index), chunkAad(header, chunkSize, head), plaintext);
    index++;
    return concat(head, sealed);
  };
  yield header;
  const queue = new ByteQueue();
  for await (const piece of input) {
    queue.push(piece);
    while (queue.length > chunkSize) yield await seal(queue.take(chunkSize), false);
  }
  yield await seal(queue.take(queue.length), true);
}
