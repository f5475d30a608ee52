import { CairnError } from "../errors.js";
import { aesGcmDecrypt, importAesKey } from "./aesGcm.js";
import { Uint8ArrayList } from "uint8arraylist";
import {
  CHUNK_FLAG_LAST,
  CHUNK_HEADER_LENGTH,
  FILE_HEADER_LENGTH,
  FILE_STREAM_VERSION,
  TAG_LENGTH,
  UnexpectedDecodeError,
  UnknownVersionError,
} from "../encoding/index.js";
import { ChunkOrderError, InvalidChunkFlagsError, TrailingDataError, TruncatedStreamError } from "./errors.js";
import { chunkAad } from "./aad.js";
import { assertChunkSize, chunkNonce, takeBytes } from "./fileStreamFormat.js";

export interface DecryptFileStreamOptions {
  /** The per-file key from the attachment. */
  key: Uint8Array;
  /** The chunk size from the attachment. */
  chunkSize: number;
}

/** Pulls source pieces into a queue; errors of the source itself pass through untouched. */
class Source {
  private readonly iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  readonly queue = new Uint8ArrayList();
  ended = false;
  private sourceError: unknown;
  constructor(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    this.iterator = Symbol.asyncIterator in input ? input[Symbol.asyncIterator]() : input[Symbol.iterator]();
  }

  /** Reads until `count` bytes are queued or the source ends; returns whether they are there. */
  async fill(count: number): Promise<boolean> {
    while (this.queue.byteLength < count && !this.ended) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await this.iterator.next();
      } catch (error) {
        this.sourceError = error;
        throw error;
      }
      if (next.done) this.ended = true;
      else this.queue.append(next.value);
    }
    return this.queue.byteLength >= count;
  }

  /** Whether `error` came from the source rather than from decoding. */
  failed(error: unknown): boolean {
    return error !== undefined && error === this.sourceError;
  }

  /** Stops the source early (the consumer stopped or decoding failed). */
  async close(): Promise<void> {
    if (!this.ended) await this.iterator.return?.();
  }
}

async function* decryptChunks(source: Source, options: DecryptFileStreamOptions): AsyncGenerator<Uint8Array> {
  assertChunkSize(options.chunkSize);
  const key = await importAesKey(options.key, "file key");
  if (!(await source.fill(FILE_HEADER_LENGTH))) throw new TruncatedStreamError("the file header is incomplete");
  const header = new Uint8Array(takeBytes(source.queue, FILE_HEADER_LENGTH));
  if (header[0] !== FILE_STREAM_VERSION) throw new UnknownVersionError("encrypted file", header[0]!);
  const noncePrefix = header.subarray(1);
  const fullChunk = options.chunkSize + TAG_LENGTH;
  for (let expected = 0; ; expected++) {
    if (!(await source.fill(CHUNK_HEADER_LENGTH)))
      throw new TruncatedStreamError(`the stream ends before chunk ${expected} (no final chunk)`);
    // A copy, not `.slice()`: on a Node Buffer piece `.slice()` is a view into a shared pool.
    const head = new Uint8Array(takeBytes(source.queue, CHUNK_HEADER_LENGTH));
    const view = new DataView(head.buffer);
    const index = view.getUint32(0);
    const flags = view.getUint8(4);
    if ((flags & ~CHUNK_FLAG_LAST) !== 0) throw new InvalidChunkFlagsError(flags);
    if (index !== expected) throw new ChunkOrderError(expected, index);
    const last = flags === CHUNK_FLAG_LAST;
    let sealed: Uint8Array;
    if (last) {
      if (await source.fill(fullChunk + 1)) throw new TrailingDataError("encrypted file");
      if (source.queue.byteLength < TAG_LENGTH) throw new TruncatedStreamError(`the final chunk ${index} is cut short`);
      sealed = takeBytes(source.queue, source.queue.byteLength);
    } else {
      if (!(await source.fill(fullChunk))) throw new TruncatedStreamError(`chunk ${index} is cut short`);
      sealed = takeBytes(source.queue, fullChunk);
    }
    const aad = chunkAad(header, options.chunkSize, head);
    yield await aesGcmDecrypt(key, chunkNonce(noncePrefix, index), aad, sealed, `file chunk ${index}`);
    if (last) return;
  }
}

/**
 * Decrypts a Cairn encrypted file stream of any piece sizes, yielding one plaintext array per
 * chunk and holding at most about one encrypted chunk plus the current input piece.
 * Throws CairnErrors only: TruncatedStreamError (missing final chunk or cut bytes),
 * ChunkOrderError (reordered/dropped/duplicated chunk), TrailingDataError (extended),
 * DecryptionFailedError (wrong key/chunk size or tampered), UnknownVersionError, InvalidChunkFlagsError.
 * Errors raised by `input` itself pass through unchanged. Consumers must treat the file as
 * invalid unless the iteration completes.
 */
export async function* decryptFileStream(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: DecryptFileStreamOptions,
): AsyncGenerator<Uint8Array> {
  const source = new Source(input);
  const chunks = decryptChunks(source, options);
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw error instanceof CairnError || source.failed(error) ? error : new UnexpectedDecodeError("encrypted file", error);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await source.close();
  }
}
