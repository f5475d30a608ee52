import { KEY_LENGTH } from "./constants.js";
import { randomBytes } from "./randomBytes.js";

/** A fresh random 256-bit key: a channel epoch key or a per-file key. */
export function generateKey(): Uint8Array {
  return randomBytes(KEY_LENGTH);
}
