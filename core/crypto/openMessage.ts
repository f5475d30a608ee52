import { decodeEnvelope } from "../envelope/decodeEnvelope.js";
import { MAX_PADDED_SIZE, MIN_PADDED_SIZE } from "../envelope/constants.js";
import { EnvelopeTooLargeError } from "../envelope/errors.js";
import type { Envelope } from "../envelope/types.js";
import { unpadEnvelope } from "../envelope/unpadEnvelope.js";
import { importAesKey, openAfter } from "./aesGcm.js";
import { IV_LENGTH, MESSAGE_BLOCK_VERSION, TAG_LENGTH } from "./constants.js";
import { contentAad } from "./contentAad.js";
import { checkVersion, decoding } from "./decoding.js";
import { InvalidLengthError } from "./errors.js";
import type { SenderContext } from "./types.js";

export interface OpenMessageParameters extends SenderContext {
  /** The channel's key for `epoch` (the epoch comes from the wrapped CID). */
  key: Uint8Array;
  /** The message block fetched from IPFS. */
  block: Uint8Array;
}

const OVERHEAD = 1 + IV_LENGTH + TAG_LENGTH;
export const MIN_MESSAGE_BLOCK_LENGTH = OVERHEAD + MIN_PADDED_SIZE;
export const MAX_MESSAGE_BLOCK_LENGTH = OVERHEAD + MAX_PADDED_SIZE;

/** Message block → envelope. Throws only CairnErrors (DecryptionFailedError for wrong key/AAD/tampering). */
export async function openMessage(parameters: OpenMessageParameters): Promise<Envelope> {
  return decoding("message block", async () => {
    const { block } = parameters;
    checkVersion(block, MESSAGE_BLOCK_VERSION, "message block");
    if (block.length > MAX_MESSAGE_BLOCK_LENGTH) throw new EnvelopeTooLargeError(block.length, MAX_MESSAGE_BLOCK_LENGTH);
    if (block.length < MIN_MESSAGE_BLOCK_LENGTH)
      throw new InvalidLengthError("message block", block.length, `at least ${MIN_MESSAGE_BLOCK_LENGTH} bytes`);
    const key = await importAesKey(parameters.key, "epoch key");
    const padded = await openAfter(block, 1, key, contentAad(parameters), "message");
    return decodeEnvelope(unpadEnvelope(padded));
  });
}
