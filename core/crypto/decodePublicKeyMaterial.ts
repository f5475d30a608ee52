import { PUBLIC_KEY_MATERIAL_LENGTH, PUBLIC_KEY_MATERIAL_VERSION } from "./constants.js";
import { checkVersion } from "./decoding.js";
import { InvalidLengthError } from "./errors.js";

/** The epoch key inside a public channel's key material (see encodePublicKeyMaterial). */
export function decodePublicKeyMaterial(material: Uint8Array): Uint8Array {
  checkVersion(material, PUBLIC_KEY_MATERIAL_VERSION, "public key material");
  if (material.length !== PUBLIC_KEY_MATERIAL_LENGTH)
    throw new InvalidLengthError("public key material", material.length, `${PUBLIC_KEY_MATERIAL_LENGTH} bytes`);
  return material.slice(1);
}
