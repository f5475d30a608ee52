import { x25519 } from "@noble/curves/ed25519.js";
import { openAfter } from "./aesGcm.js";
import { SEALED_KEY_LENGTH, SEALED_KEY_VERSION, X25519_KEY_LENGTH } from "./constants.js";
import { checkVersion, decoding } from "./decoding.js";
import { InvalidLengthError } from "./errors.js";
import { sealedKeyAad } from "./sealKey.js";
import type { EpochContext } from "./types.js";
import { assertX25519Key, sealingKey } from "./x25519Seal.js";

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
