import { x25519 } from "@noble/curves/ed25519.js";
import { X25519_KEY_LENGTH } from "./constants.js";
import { randomBytes } from "./randomBytes.js";
import type { IdentityKeyPair } from "./types.js";

/** A random X25519 identity key pair: the fallback for wallets that fail checkDeterminism. */
export function generateIdentityKey(): IdentityKeyPair {
  const privateKey = randomBytes(X25519_KEY_LENGTH);
  return { privateKey, publicKey: x25519.getPublicKey(privateKey) };
}
