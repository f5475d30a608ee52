import { equalBytes } from "./bytes.js";
import { deriveIdentityKey, signatureKeyMaterial } from "./deriveIdentityKey.js";
import { NonDeterministicWalletError } from "./errors.js";
import type { IdentityKeyPair } from "./types.js";

/**
 * First-setup check: the wallet signed identityMessage() twice. Equal signatures (after
 * dropping v and normalising s) give the identity key; different ones mean the wallet is
 * non-deterministic and throw NonDeterministicWalletError (offer the passphrase fallback).
 */
export function checkDeterminism(
  first: Uint8Array | `0x${string}`,
  second: Uint8Array | `0x${string}`,
): IdentityKeyPair {
  if (!equalBytes(signatureKeyMaterial(first), signatureKeyMaterial(second))) throw new NonDeterministicWalletError();
  return deriveIdentityKey(first);
}
