import { DecryptionFailedError, WebCryptoUnavailableError } from "./errors.js";
import { InvalidLengthError, concat, IV_LENGTH, KEY_LENGTH, randomBytes } from "../encoding/index.js";

/** Internal AES-256-GCM over WebCrypto (globalThis.crypto.subtle), 96-bit IV, 128-bit tag. */

/**
 * The bytes as WebCrypto's BufferSource: the same view when they live in a plain ArrayBuffer
 * (checked by tag, so buffers from another realm, e.g. a worker or test VM, are not copied),
 * a copy when they live in a SharedArrayBuffer.
 */
export function buffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return Object.prototype.toString.call(bytes.buffer) === "[object ArrayBuffer]"
    ? (bytes as Uint8Array<ArrayBuffer>)
    : new Uint8Array(bytes);
}

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle;
  if (!api) throw new WebCryptoUnavailableError();
  return api;
}

export function assertKeyLength(key: Uint8Array, what: string): void {
  if (key.length !== KEY_LENGTH) throw new InvalidLengthError(what, key.length, `${KEY_LENGTH} bytes`);
}

export async function importAesKey(key: Uint8Array, what = "AES key"): Promise<CryptoKey> {
  assertKeyLength(key, what);
  return subtle().importKey("raw", buffer(key), { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}

function params(iv: Uint8Array, aad: Uint8Array): AesGcmParams {
  if (iv.length !== IV_LENGTH) throw new InvalidLengthError("IV", iv.length, `${IV_LENGTH} bytes`);
  return { name: "AES-GCM", iv: buffer(iv), additionalData: buffer(aad), tagLength: 128 };
}

/** Returns ciphertext ‖ tag. */
export async function aesGcmEncrypt(key: CryptoKey, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array) {
  return new Uint8Array(await subtle().encrypt(params(iv, aad), key, buffer(plaintext)));
}

/** Opens ciphertext ‖ tag; any failure is a DecryptionFailedError naming `what`. */
export async function aesGcmDecrypt(
  key: CryptoKey,
  iv: Uint8Array,
  aad: Uint8Array,
  sealed: Uint8Array,
  what: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const p = params(iv, aad);
  try {
    return new Uint8Array(await subtle().decrypt(p, key, buffer(sealed)));
  } catch (cause) {
    throw new DecryptionFailedError(what, { cause });
  }
}

/** `prefix ‖ iv ‖ GCM(key, iv, plaintext, aad)`, the layout of every Cairn format but file chunks. */
export async function sealAfter(
  prefix: Uint8Array,
  key: CryptoKey,
  aad: Uint8Array,
  plaintext: Uint8Array,
  iv: Uint8Array = randomBytes(IV_LENGTH),
): Promise<Uint8Array> {
  return concat(prefix, iv, await aesGcmEncrypt(key, iv, aad, plaintext));
}

/** Opens `prefix (prefixLength) ‖ iv ‖ ciphertext ‖ tag` made by sealAfter. */
export function openAfter(bytes: Uint8Array, prefixLength: number, key: CryptoKey, aad: Uint8Array, what: string) {
  const iv = bytes.subarray(prefixLength, prefixLength + IV_LENGTH);
  return aesGcmDecrypt(key, iv, aad, bytes.subarray(prefixLength + IV_LENGTH), what);
}

/** A fresh random 256-bit key: a channel epoch key or a per-file key. */
export function generateKey(): Uint8Array {
  return randomBytes(KEY_LENGTH);
}
