import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concat, utf8 } from "./bytes.js";
import { X25519_KEY_LENGTH } from "./constants.js";
import { InvalidLengthError, InvalidPublicKeyError } from "./errors.js";
import { importAesKey } from "./aesGcm.js";

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
