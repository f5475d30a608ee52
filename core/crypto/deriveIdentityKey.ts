import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { hexToBytes } from "viem";
import { concat, u256be, utf8 } from "./bytes.js";
import { InvalidSignatureError } from "./errors.js";
import type { IdentityKeyPair } from "./types.js";

/** secp256k1 group order. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export const IDENTITY_HKDF_SALT = "Cairn/v1/identity-salt";
export const IDENTITY_HKDF_INFO = "Cairn/v1/identity-key/x25519";

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/**
 * The HKDF input keying material of a 65-byte signature r ‖ s ‖ v: r ‖ low-s (64 bytes).
 * v is dropped and s normalised to n - s when s > n/2, so wallets that differ only in the
 * recovery byte (0/1 vs 27/28) or in s-malleability derive the same key.
 */
export function signatureKeyMaterial(signature: Uint8Array | `0x${string}`): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = typeof signature === "string" ? hexToBytes(signature) : signature;
  } catch (cause) {
    throw new InvalidSignatureError(`not hex: ${String(cause)}`);
  }
  if (bytes.length !== 65) throw new InvalidSignatureError(`${bytes.length} bytes instead of 65`);
  const r = toBigInt(bytes.subarray(0, 32));
  let s = toBigInt(bytes.subarray(32, 64));
  if (r === 0n || r >= N) throw new InvalidSignatureError("r is outside 1..n-1");
  if (s === 0n || s >= N) throw new InvalidSignatureError("s is outside 1..n-1");
  if (s > N / 2n) s = N - s;
  return concat(bytes.subarray(0, 32), u256be(s, "s"));
}

/**
 * Derives the X25519 identity key pair from the wallet's signature of identityMessage():
 * privateKey = HKDF-SHA256(ikm = r ‖ low-s, salt = "Cairn/v1/identity-salt",
 * info = "Cairn/v1/identity-key/x25519", 32 bytes).
 */
export function deriveIdentityKey(signature: Uint8Array | `0x${string}`): IdentityKeyPair {
  const ikm = signatureKeyMaterial(signature);
  const privateKey = hkdf(sha256, ikm, utf8(IDENTITY_HKDF_SALT), utf8(IDENTITY_HKDF_INFO), 32);
  return { privateKey, publicKey: x25519.getPublicKey(privateKey) };
}
