import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  concat,
  utf8,
  X25519_KEY_LENGTH,
  InvalidLengthError,
  u8,
  SEALED_KEY_VERSION,
  randomBytes,
  SEALED_KEY_LENGTH,
  checkVersion,
  decoding,
  PUBLIC_KEY_MATERIAL_VERSION,
  PUBLIC_KEY_MATERIAL_LENGTH,
} from "../encoding/index.js";
import { InvalidPublicKeyError } from "./errors.js";
import { importAesKey, assertKeyLength, sealAfter, openAfter } from "./aesGcm.js";
import type { EpochContext } from "./types.js";
import { sealedKeyAad } from "./aad.js";

/** Internal: the AES key of a sealed key, from X25519 + HKDF-SHA256 (PROTOCOL.md §Sealed key). */

export const SEAL_HKDF_INFO = "Cairn/v1/sealed-key";

export function assertX25519Key(key: Uint8Array, what: string): void {
  if (key.length !== X25519_KEY_LENGTH) throw new InvalidLengthError(what, key.length, `${X25519_KEY_LENGTH} bytes`);
}

/** A fixed scalar to test peer keys with: any scalar maps a small-order point to the all-zero u. */
const PROBE_SCALAR = new Uint8Array(X25519_KEY_LENGTH).fill(0x5c);

/**
 * Throws InvalidPublicKeyError unless `publicKey` is 32 bytes and not of small order (the zero
 * key, 1, the points of order 8, p − 1, p, p + 1, with or without bit 255): a seal to such a key
 * has a shared secret of all zeros, i.e. it is readable by anyone. The KeyDirectory refuses them
 * too (PROTOCOL.md §3).
 */
export function assertUsablePublicKey(publicKey: Uint8Array): void {
  if (publicKey.length !== X25519_KEY_LENGTH) throw new InvalidPublicKeyError(`${publicKey.length} bytes instead of ${X25519_KEY_LENGTH}`);
  try {
    x25519.getSharedSecret(PROBE_SCALAR, publicKey);
  } catch (cause) {
    throw new InvalidPublicKeyError("a point of small order: every seal to it would be public", { cause });
  }
}

/** AES key = HKDF-SHA256(ikm = X25519(priv, peer), salt = ephemeralPub ‖ recipientPub, info). */
export async function sealingKey(
  privateKey: Uint8Array,
  peerPublicKey: Uint8Array,
  ephemeralPublicKey: Uint8Array,
  recipientPublicKey: Uint8Array,
): Promise<CryptoKey> {
  assertX25519Key(privateKey, "X25519 private key");
  assertX25519Key(peerPublicKey, "X25519 public key");
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(privateKey, peerPublicKey);
  } catch (cause) {
    throw new InvalidPublicKeyError("low-order point: the shared secret would be zero", { cause });
  }
  const okm = hkdf(sha256, shared, concat(ephemeralPublicKey, recipientPublicKey), utf8(SEAL_HKDF_INFO), 32);
  return importAesKey(okm);
}

export interface SealKeyParameters extends EpochContext {
  /** The 32-byte epoch key to seal. */
  key: Uint8Array;
  /** The recipient's X25519 identity public key (from the KeyDirectory). */
  recipientPublicKey: Uint8Array;
  /** Test vectors only: fixed ephemeral X25519 private key (default: random). */
  ephemeralPrivateKey?: Uint8Array;
  /** Test vectors only: fixed IV (default: random). */
  iv?: Uint8Array;
}

/**
 * Seals an epoch key to one member (PROTOCOL.md §Sealed key), 93 bytes:
 * 0x01 ‖ ephemeralPub (32) ‖ IV (12) ‖ AES-256-GCM(key) (32 + 16 tag).
 */
export async function sealKey(parameters: SealKeyParameters): Promise<Uint8Array> {
  const { key, recipientPublicKey } = parameters;
  assertKeyLength(key, "epoch key");
  assertX25519Key(recipientPublicKey, "recipient public key");
  const ephemeralPrivateKey = parameters.ephemeralPrivateKey ?? randomBytes(X25519_KEY_LENGTH);
  const ephemeralPublicKey = x25519.getPublicKey(ephemeralPrivateKey);
  const aesKey = await sealingKey(ephemeralPrivateKey, recipientPublicKey, ephemeralPublicKey, recipientPublicKey);
  const aad = sealedKeyAad(parameters, recipientPublicKey, ephemeralPublicKey);
  return sealAfter(concat(u8(SEALED_KEY_VERSION), ephemeralPublicKey), aesKey, aad, key, parameters.iv);
}

export interface OpenSealedKeyParameters extends EpochContext {
  /** The sealed key bytes (EpochKeyShared.sealedKey or a private channel's key material). */
  sealedKey: Uint8Array;
  /** The recipient's X25519 identity private key. */
  privateKey: Uint8Array;
}

/** Opens a sealed epoch key; returns the 32-byte key. Throws only CairnErrors. */
export async function openSealedKey(parameters: OpenSealedKeyParameters): Promise<Uint8Array> {
  return decoding("sealed key", async () => {
    const { sealedKey, privateKey } = parameters;
    checkVersion(sealedKey, SEALED_KEY_VERSION, "sealed key");
    if (sealedKey.length !== SEALED_KEY_LENGTH)
      throw new InvalidLengthError("sealed key", sealedKey.length, `${SEALED_KEY_LENGTH} bytes`);
    assertX25519Key(privateKey, "X25519 private key");
    const ephemeralPublicKey = sealedKey.subarray(1, 1 + X25519_KEY_LENGTH);
    const recipientPublicKey = x25519.getPublicKey(privateKey);
    const aesKey = await sealingKey(privateKey, ephemeralPublicKey, ephemeralPublicKey, recipientPublicKey);
    const aad = sealedKeyAad(parameters, recipientPublicKey, ephemeralPublicKey);
    return openAfter(sealedKey, 1 + X25519_KEY_LENGTH, aesKey, aad, "sealed key");
  });
}

/** Key material of a public channel (published in the clear): 0x01 ‖ epoch key (32) = 33 bytes. */
export function encodePublicKeyMaterial(key: Uint8Array): Uint8Array {
  assertKeyLength(key, "epoch key");
  return concat(u8(PUBLIC_KEY_MATERIAL_VERSION), key);
}

/** The epoch key inside a public channel's key material (see encodePublicKeyMaterial). */
export function decodePublicKeyMaterial(material: Uint8Array): Uint8Array {
  checkVersion(material, PUBLIC_KEY_MATERIAL_VERSION, "public key material");
  if (material.length !== PUBLIC_KEY_MATERIAL_LENGTH)
    throw new InvalidLengthError("public key material", material.length, `${PUBLIC_KEY_MATERIAL_LENGTH} bytes`);
  return material.slice(1);
}
