import { describe, expect, it, jest } from "@jest/globals";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import * as c from "@cairn/core/crypto";
import { CHUNKS_IN_FLIGHT } from "@cairn/core/crypto";
import { collect, expectReject, expectSameBytes, flipBit, join, mutationArb } from "./helpers.js";

const key = c.generateKey();
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
const CHUNK = 1024;
const options = { key, chunkSize: CHUNK };
function plaintext(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

/** Splits bytes into pieces of the given repeating sizes. */
function pieces(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    out.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return out;
}

/** The header, then each chunk whole, from encryptFileStreamPieces' header, chunk header, sealed bytes, … */
function byChunk(encrypted: Uint8Array[]) {
  const [header, ...rest] = encrypted;
  expect(header).toHaveLength(c.FILE_HEADER_LENGTH);
  expect(rest.length % 2).toBe(0);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    expect(rest[i]).toHaveLength(5);
    chunks.push(join([rest[i]!, rest[i + 1]!]));
  }
  return { header: header!, chunks };
}

async function encryptChunks(size: number) {
  const [header, ...chunks] = await collect(c.encryptFileStream([plaintext(size)], options));
  return { header: header!, chunks };
}

const decrypt = (parts: Uint8Array[], opts = options) => collect(c.decryptFileStream(parts, opts)).then(join);

describe("encryptFileStream / decryptFileStream round trips", () => {
  const sizes = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5];
  const shapes: Record<string, number[]> = { whole: [1 << 30], bytes: [1], odd: [7, 1500, 1, 333] };
  for (const size of sizes)
    for (const [shape, split] of Object.entries(shapes))
      it(`${size} bytes fed as ${shape} pieces`, async () => {
        const input = plaintext(size);
        const encrypted = await collect(c.encryptFileStream(pieces(input, split), options));
        const chunkCount = Math.max(1, Math.ceil(size / CHUNK));
        expect(encrypted).toHaveLength(1 + chunkCount);
        expect(join(encrypted).length).toBe(c.encryptedFileSize(size, CHUNK));
        expectSameBytes(await decrypt(pieces(join(encrypted), split)), input);
      });

  it("encryptFileStreamPieces yields the same bytes with each chunk's header apart", async () => {
    for (const size of sizes) {
      const input = plaintext(size);
      const noncePrefix = c.generateKey().subarray(0, 8);
      const whole = await collect(c.encryptFileStream(pieces(input, [7, 1500]), { ...options, noncePrefix }));
      const split = await collect(c.encryptFileStreamPieces(pieces(input, [7, 1500]), { ...options, noncePrefix }));
      const { header, chunks } = byChunk(split);
      expect([header, ...chunks]).toEqual(whole);
      expectSameBytes(await decrypt(split), input);
    }
  });

  it("decrypts pieces that are Node Buffer views at non-zero offsets of a shared pool", async () => {
    const input = plaintext(3 * CHUNK + 5);
    const encrypted = join(await collect(c.encryptFileStream([input], options)));
    const pool = Buffer.alloc(encrypted.length + 64, 0xee);
    pool.set(encrypted, 13);
    const view = pool.subarray(13, 13 + encrypted.length);
    expect(view.byteOffset).toBe(13);
    expectSameBytes(await decrypt(pieces(view, [CHUNK + 21, 7])), input);
  });

  it("uses the default 1 MiB chunk size and a random nonce prefix", async () => {
    const input = plaintext(3 * 1024 * 1024 + 1);
    const a = await collect(c.encryptFileStream([input], { key }));
    const b = await collect(c.encryptFileStream([input], { key }));
    expect(a).toHaveLength(1 + 4);
    expect(a[0]).not.toEqual(b[0]);
    expectSameBytes(await decrypt(a, { key, chunkSize: c.DEFAULT_CHUNK_SIZE }), input);
  });
});

describe("decryptFileStream rejects damaged streams", () => {
  it("truncation: a missing last chunk, a cut header or an empty stream", async () => {
    const { header, chunks } = await encryptChunks(3 * CHUNK + 5);
    await expectReject(decrypt([header, ...chunks.slice(0, -1)]), c.TruncatedStreamError);
    await expectReject(decrypt([header]), c.TruncatedStreamError);
    await expectReject(decrypt([header.subarray(0, 5)]), c.TruncatedStreamError);
    await expectReject(decrypt([]), c.TruncatedStreamError);
    await expectReject(decrypt([header, chunks[0]!.subarray(0, 3)]), c.TruncatedStreamError);
    await expectReject(decrypt([header, chunks[0]!.subarray(0, 500)]), c.TruncatedStreamError);
    const last = chunks.at(-1)!;
    await expectReject(decrypt([header, ...chunks.slice(0, -1), last.subarray(0, 12)]), c.TruncatedStreamError);
    await expectReject(decrypt([header, ...chunks.slice(0, -1), last.subarray(0, last.length - 1)]), c.DecryptionFailedError);
  });

  it("reordering and duplication", async () => {
    const { header, chunks } = await encryptChunks(3 * CHUNK + 5);
    const swapped = await expectReject(decrypt([header, chunks[1]!, chunks[0]!, ...chunks.slice(2)]), c.ChunkOrderError);
    expect(swapped).toMatchObject({ expected: 0, found: 1 });
    await expectReject(decrypt([header, chunks[0]!, chunks[0]!, ...chunks.slice(1)]), c.ChunkOrderError);
    await expectReject(decrypt([header, chunks[0]!, chunks[2]!, chunks[1]!, chunks[3]!]), c.ChunkOrderError);
  });

  it("extension: bytes or a whole chunk after the last chunk", async () => {
    const { header, chunks } = await encryptChunks(2 * CHUNK + 5);
    await expectReject(decrypt([header, ...chunks, new Uint8Array(CHUNK + 100)]), c.TrailingDataError);
    const fullLast = await encryptChunks(2 * CHUNK);
    await expectReject(decrypt([fullLast.header, ...fullLast.chunks, Uint8Array.of(0)]), c.TrailingDataError);
    await expectReject(decrypt([fullLast.header, ...fullLast.chunks, fullLast.chunks[0]!]), c.TrailingDataError);
  });

  it("tampering: ciphertext, tag, index, flags, header", async () => {
    const { header, chunks } = await encryptChunks(2 * CHUNK + 5);
    const withChunk = (i: number, chunk: Uint8Array) => [header, ...chunks.map((x, j) => (j === i ? chunk : x))];
    await expectReject(decrypt(withChunk(1, flipBit(chunks[1]!, 100))), c.DecryptionFailedError);
    await expectReject(decrypt(withChunk(2, flipBit(chunks[2]!, chunks[2]!.length - 1))), c.DecryptionFailedError);
    await expectReject(decrypt(withChunk(1, flipBit(chunks[1]!, 3, 1))), c.ChunkOrderError);
    await expectReject(decrypt(withChunk(0, flipBit(chunks[0]!, 4, 2))), c.InvalidChunkFlagsError);
    // Marking a middle chunk "last" makes the rest of the stream its body: too long.
    await expectReject(decrypt(withChunk(0, flipBit(chunks[0]!, 4, 0))), c.TrailingDataError);
    // Clearing the last flag changes the AAD and framing.
    await expectReject(decrypt(withChunk(2, flipBit(chunks[2]!, 4, 0))), c.TruncatedStreamError);
    await expectReject(decrypt([flipBit(header, 3), ...chunks]), c.DecryptionFailedError);
    await expectReject(decrypt([flipBit(header, 0, 1), ...chunks]), c.UnknownVersionError);
  });

  it("wrong key or chunk size", async () => {
    const { header, chunks } = await encryptChunks(CHUNK + 5);
    await expectReject(decrypt([header, ...chunks], { key: c.generateKey(), chunkSize: CHUNK }), c.DecryptionFailedError);
    await expectReject(decrypt([header, ...chunks], { key, chunkSize: CHUNK + 1 }), c.DecryptionFailedError);
    await expectReject(decrypt([header, ...chunks], { key, chunkSize: 2 * CHUNK }), c.TruncatedStreamError);
  });

  it("invalid parameters", async () => {
    await expectReject(decrypt([], { key, chunkSize: 100 }), c.InvalidChunkSizeError);
    await expectReject(decrypt([], { key: new Uint8Array(16), chunkSize: CHUNK }), c.InvalidLengthError);
    await expectReject(collect(c.encryptFileStream([], { key, chunkSize: (1 << 24) + 1 })), c.InvalidChunkSizeError);
    await expectReject(collect(c.encryptFileStream([], { key, noncePrefix: new Uint8Array(12) })), c.InvalidLengthError);
  });
});

describe("streaming behaviour", () => {
  it("passes errors of the source through unchanged", async () => {
    const boom = new Error("network down");
    async function* failing() {
      yield (await encryptChunks(10)).header;
      throw boom;
    }
    await expect(collect(c.decryptFileStream(failing(), options))).rejects.toBe(boom);
  });

  it("closes the source when the consumer stops early", async () => {
    const { header, chunks } = await encryptChunks(3 * CHUNK);
    let closed = false;
    async function* source() {
      try {
        yield* [header, ...chunks];
      } finally {
        closed = true;
      }
    }
    for await (const chunk of c.decryptFileStream(source(), options)) {
      expect(chunk).toHaveLength(CHUNK);
      break;
    }
    expect(closed).toBe(true);
  });

  it("reads ahead at most CHUNKS_IN_FLIGHT chunks (encrypt) or one chunk (decrypt), plus one input piece", async () => {
    const PIECE = 300;
    const size = 20 * CHUNK + 17;
    let pulled = 0;
    async function* counted(parts: Uint8Array[]) {
      for (const part of parts) {
        pulled += part.length;
        yield part;
      }
    }
    let emitted = 0;
    let ahead = 0;
    for await (const out of c.encryptFileStream(counted(pieces(plaintext(size), [PIECE])), options)) {
      emitted += Math.max(0, out.length - 21);
      ahead = Math.max(ahead, pulled - emitted);
      expect(pulled - emitted).toBeLessThanOrEqual(CHUNKS_IN_FLIGHT * CHUNK + PIECE);
    }
    expect(emitted).toBe(size);
    // It does read ahead: the next chunks are being encrypted while the consumer holds one.
    expect(ahead).toBeGreaterThan((CHUNKS_IN_FLIGHT - 1) * CHUNK);
    const encrypted = join(await collect(c.encryptFileStream([plaintext(size)], options)));
    pulled = 0;
    let consumed = c.FILE_HEADER_LENGTH;
    for await (const out of c.decryptFileStream(counted(pieces(encrypted, [PIECE])), options)) {
      consumed += out.length + 21;
      expect(pulled - consumed).toBeLessThanOrEqual(CHUNK + 21 + PIECE + 1);
    }
  });

  it("has at most CHUNKS_IN_FLIGHT chunks in WebCrypto at once, and that many while the consumer is slow", async () => {
    const subtle = globalThis.crypto.subtle;
    const encrypt = subtle.encrypt.bind(subtle);
    let pending = 0;
    let most = 0;
    const spy = jest.spyOn(subtle, "encrypt").mockImplementation((...args: Parameters<SubtleCrypto["encrypt"]>) => {
      most = Math.max(most, ++pending);
      return encrypt(...args).finally(() => pending--);
    });
    try {
      const input = plaintext(12 * CHUNK + 1);
      const parts: Uint8Array[] = [];
      for await (const part of c.encryptFileStream(pieces(input, [1000]), options)) {
        parts.push(part);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(spy).toHaveBeenCalledTimes(13);
      expect(most).toBe(CHUNKS_IN_FLIGHT);
      expectSameBytes(await decrypt(parts), input);
    } finally {
      spy.mockRestore();
    }
  });

  it("round-trips 64 MiB generated on the fly while holding only a few chunks", async () => {
    const TOTAL = 64 * 1024 * 1024;
    const PIECE = 700_001;
    async function* generate() {
      for (let sent = 0, n = 0; sent < TOTAL; n++) {
        const length = Math.min(PIECE, TOTAL - sent);
        sent += length;
        yield new Uint8Array(length).fill(n & 0xff);
      }
    }
    // Live memory after full collections (twice, with a turn of the event loop between, because
    // V8 frees ArrayBuffer backing stores concurrently), so garbage awaiting GC does not count.
    const live = async () => {
      collectGarbage();
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
      const m = process.memoryUsage();
      return m.arrayBuffers + m.heapUsed;
    };
    const base = await live();
    let peak = 0;
    let offset = 0;
    let mismatches = 0;
    const big = { key, chunkSize: c.DEFAULT_CHUNK_SIZE };
    for await (const chunk of c.decryptFileStream(c.encryptFileStream(generate(), big), big)) {
      if (chunk[0] !== (Math.floor(offset / PIECE) & 0xff)) mismatches++;
      if (chunk[chunk.length - 1] !== (Math.floor((offset + chunk.length - 1) / PIECE) & 0xff)) mismatches++;
      offset += chunk.length;
      if (offset % (8 * c.DEFAULT_CHUNK_SIZE) === 0) peak = Math.max(peak, (await live()) - base);
    }
    expect(offset).toBe(TOTAL);
    expect(mismatches).toBe(0);
    // About two encrypted chunks, one input piece and the chunk in hand: far below the 64 MiB stream.
    expect(peak).toBeLessThan(8 * 1024 * 1024);
  }, 180_000);
});

describe("decryptFileStream under mutation", () => {
  it("accepts only the untouched stream; every mutation is a typed error", async () => {
    const streams = await Promise.all(
      [0, 1, CHUNK, 2 * CHUNK + 3].map(async (size) => join(await collect(c.encryptFileStream([plaintext(size)], options)))),
    );
    await fc.assert(
      fc.asyncProperty(mutationArb(fc.constantFrom(...streams)), fc.integer({ min: 1, max: 2000 }), async (bytes, split) => {
        const original = streams.find((s) => s.length === bytes.length && Buffer.compare(s, bytes) === 0);
        const result = await decrypt(pieces(bytes, [split])).catch((error: unknown) => error);
        if (original) expect(result).toBeInstanceOf(Uint8Array);
        else {
          expect(result).toBeInstanceOf(c.CairnError);
          expect(result).not.toBeInstanceOf(c.UnexpectedDecodeError);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
