import { encodeEnvelope } from "../envelope/encodeEnvelope.js";
import { padEnvelope } from "../envelope/padEnvelope.js";
import type { Envelope } from "../envelope/types.js";
import { importAesKey, sealAfter } from "./aesGcm.js";
import { u8 } from "./bytes.js";
import { MESSAGE_BLOCK_VERSION } from "./constants.js";
import { contentAad } from "./contentAad.js";
import type { SenderContext } from "./types.js";

export interface SealMessageParameters extends SenderContext {
  /** The channel's key for `epoch`. */
  key: Uint8Array;
  envelope: Envelope;
  /** Test vectors only: fixed IV (default: random). */
  iv?: Uint8Array;
}

/**
 * Envelope → message block (PROTOCOL.md §Message block):
 * 0x01 ‖ IV (12) ‖ AES-256-GCM(key, IV, padEnvelope(encodeEnvelope(envelope)), contentAad).
 * Store the result as a raw IPFS block; its CID is the message id.
 */
export async function sealMessage(parameters: SealMessageParameters): Promise<Uint8Array> {
  const padded = padEnvelope(encodeEnvelope(parameters.envelope));
  const aad = contentAad(parameters);
  const key = await importAesKey(parameters.key, "epoch key");
  return sealAfter(u8(MESSAGE_BLOCK_VERSION), key, aad, padded, parameters.iv);
}
