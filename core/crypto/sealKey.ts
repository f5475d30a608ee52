import { x25519 } from "@noble/curves/ed25519.js";
import { AAD_LABEL, epochAad } from "./aad.js";
import { assertKeyLength, sealAfter } from "./aesGcm.js";
import { concat, u8 } from "./bytes.js";
import { SEALED_KEY_VERSION, X25519_KEY_LENGTH } from "./constants.js";
import { randomBytes } from "./randomBytes.js";
import type { EpochContext } from "./types.js";
import { assertX25519Key, sealingKey } from "./x25519Seal.js";

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

/** AAD of a sealed key: epoch AAD "Cairn/v1/sealed-key" (the real channel id, every epoch) ‖ recipientPub ‖ ephemeralPub. */
export function sealedKeyAad(context: EpochContext, recipientPublicKey: Uint8Array, ephemeralPublicKey: Uint8Array) {
  return epochAad(AAD_LABEL.sealedKey, context, recipientPublicKey, ephemeralPublicKey);
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
