import { concat, u8 } from "./bytes.js";
import { assertKeyLength } from "./aesGcm.js";
import { PUBLIC_KEY_MATERIAL_VERSION } from "./constants.js";

/** Key material of a public channel (published in the clear): 0x01 ‖ epoch key (32) = 33 bytes. */
export function encodePublicKeyMaterial(key: Uint8Array): Uint8Array {
  assertKeyLength(key, "epoch key");
  return concat(u8(PUBLIC_KEY_MATERIAL_VERSION), key);
}
