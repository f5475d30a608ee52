import { InvalidContextError, InvalidEpochError } from "./errors.js";
import { MAX_EPOCH } from "./constants.js";
import { CID } from "multiformats/cid";

/** Internal byte helpers shared by the codecs (big-endian, fixed width). */

export function concat(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function u8(value: number): Uint8Array {
  return Uint8Array.of(value);
}

export function u16be(value: number): Uint8Array {
  return Uint8Array.of(value >>> 8, value & 0xff);
}

export function u32be(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

export function u64be(value: number | bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

/** Unsigned big-endian integer in exactly 32 bytes (Solidity uint256 / abi.encodePacked). */
export function u256be(value: number | bigint, what: string): Uint8Array {
  const big = BigInt(value);
  if (big < 0n || big >= 1n << 256n) throw new InvalidContextError(`${what} ${big} is not a uint256`);
  const out = new Uint8Array(32);
  let rest = big;
  for (let i = 31; i >= 0 && rest > 0n; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** A 0x-prefixed 20-byte address as raw bytes (case-insensitive; no checksum check). */
export function addressBytes(address: string, what: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new InvalidContextError(`${what} ${address} is not a 20-byte address`);
  const out = new Uint8Array(20);
  for (let i = 0; i < 20; i++) out[i] = Number.parseInt(address.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

export function assertEpoch(epoch: number): void {
  if (!Number.isInteger(epoch) || epoch < 1 || epoch > MAX_EPOCH) throw new InvalidEpochError(epoch);
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8, returning undefined for invalid sequences (callers raise their own typed error). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Sequential reader over a byte array. Every read past the end calls `onShort`, which must
 * return (and so lets the caller choose) the typed error to throw.
 */
export class ByteReader {
  private offset = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly onShort: (offset: number, needed: number) => Error,
  ) {}

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  take(length: number): Uint8Array {
    if (length > this.remaining) throw this.onShort(this.offset, length);
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  u8(): number {
    return this.take(1)[0]!;
  }

  u16(): number {
    const b = this.take(2);
    return (b[0]! << 8) | b[1]!;
  }

  u32(): number {
    const b = this.take(4);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0);
  }

  u64(): bigint {
    const b = this.take(8);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0);
  }

  rest(): Uint8Array {
    return this.take(this.remaining);
  }
}

/** Cryptographically secure random bytes from WebCrypto (browser and Node). */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/**
 * Strict CID decoding: the bytes must be a CID in its canonical binary form (CID.decode also
 * accepts non-canonical forms, e.g. a version-0 prefix, that re-encode differently). Returns
 * undefined for anything else so callers raise their own typed error.
 */
export function decodeCidBytes(bytes: Uint8Array): CID | undefined {
  try {
    const cid = CID.decode(bytes);
    return equalBytes(cid.bytes, bytes) ? cid : undefined;
  } catch {
    return undefined;
  }
}
