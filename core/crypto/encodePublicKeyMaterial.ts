import { concat, u8 } from "./bytes.js";
import { KEY_LENGTH, PUBLIC_KEY_MATERIAL_VERSION } from "./constants.js";
import { InvalidLengthError } from "./errors.js";

/** Key material of a public channel (published in the clear): 0x01 ‖ epoch key (32) = 33 bytes. */
export function encodePublicKeyMaterial(key: Uint8Array): Uint8Array {
  if (key.length !== KEY_LENGTH) throw new InvalidLengthError("epoch key", key.length, `${KEY_LENGTH} bytes`);
  return concat(u8(PUBLIC_KEY_MATERIAL_VERSION), key);
}
