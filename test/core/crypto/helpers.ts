/** Shared test helpers: vector loading, hex, contexts, arbitraries and mutations. */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { create as createDigest } from "multiformats/hashes/digest";
import { sha256 } from "multiformats/hashes/sha2";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { expect } from "@jest/globals";
import { CairnError } from "@cairn/core/errors";
import type { Attachment, Envelope } from "@cairn/core/envelope";

export { bytesToHex, hexToBytes };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadVector<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../vectors/${name}.json`, import.meta.url), "utf8")) as T;
}

export const h = (value: string) => hexToBytes(value as Hex);
export const hx = (bytes: Uint8Array) => bytesToHex(bytes);

export const deployment = { chainId: 31337, registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as const };
export const sender = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
export const otherAddress = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
export const channel = { ...deployment, channelId: 9n, epoch: 2, sender };

export async function rawCid(bytes: Uint8Array): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(bytes));
}

/** Copy of `bytes` with bit `bit` of byte `index` flipped. */
export function flipBit(bytes: Uint8Array, index: number, bit = 0): Uint8Array {
  const out = bytes.slice();
  out[index]! ^= 1 << bit;
  return out;
}

/** Asserts that `promise` rejects with an instance of `type` (and so of CairnError). */
export async function expectReject(promise: Promise<unknown>, type: abstract new (...args: never[]) => Error) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect(error).toBeInstanceOf(CairnError);
  return error;
}

/** Synchronous twin of expectReject. */
export function expectThrow(run: () => unknown, type: abstract new (...args: never[]) => Error) {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(type);
  expect(error).toBeInstanceOf(CairnError);
  return error;
}

/** Collects an async iterable of byte arrays. */
export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const piece of stream) out.push(piece);
  return out;
}

export function join(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}

// ---------------------------------------------------------------- arbitraries

export const cidArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((digest) => CID.createV1(raw.code, createDigest(sha256.code, digest)));

const nameArb = fc
  .string({ unit: "binary", minLength: 1, maxLength: 40 })
  .filter((s) => new TextEncoder().encode(s).length <= 255);

export const attachmentArb: fc.Arbitrary<Attachment> = fc.record({
  name: nameArb,
  mimeType: fc.constantFrom("", "image/png", "application/pdf", "text/plain; charset=utf-8"),
  size: fc.maxSafeNat(),
  chunkSize: fc.integer({ min: 1024, max: 1 << 24 }),
  key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  cid: cidArb,
});

export const envelopeArb: fc.Arbitrary<Envelope> = fc
  .record(
    {
      timestamp: fc.maxSafeNat(),
      text: fc.string({ unit: "binary", maxLength: 200 }),
      replyTo: cidArb,
      attachments: fc.array(attachmentArb, { maxLength: 3 }),
    },
    { requiredKeys: ["timestamp", "text", "attachments"] },
  );

/**
 * Mutations of a valid encoding: bit flips, byte overwrites, truncations, extensions,
 * insertions and deletions (each drawn with its own random position).
 */
export function mutationArb(validArb: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(validArb, fc.nat(), fc.nat({ max: 7 }), fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat({ max: 5 }))
    .map(([valid, position, bit, extra, kind]) => {
      const at = valid.length === 0 ? 0 : position % valid.length;
      switch (kind) {
        case 0:
          return valid.length === 0 ? extra : flipBit(valid, at, bit);
        case 1: {
          const out = valid.slice();
          if (out.length > 0) out[at] = extra[0]!;
          return out;
        }
        case 2:
          return valid.slice(0, at);
        case 3:
          return join([valid, extra]);
        case 4:
          return join([valid.subarray(0, at), extra, valid.subarray(at)]);
        default:
          return join([valid.subarray(0, at), valid.subarray(at + 1 + (extra[0]! % 8))]);
      }
    });
}

/** Fast byte equality for large arrays (jest's toEqual walks typed arrays element by element). */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array) {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.compare(actual, expected)).toBe(0);
}
