import {
  encodeEnvelope,
  padEnvelope,
  type Envelope,
  decodeEnvelope,
  MAX_PADDED_SIZE,
  MIN_PADDED_SIZE,
  EnvelopeTooLargeError,
  unpadEnvelope,
} from "../envelope/index.js";
import { importAesKey, sealAfter, contentAad, type SenderContext, openAfter } from "../crypto/index.js";
import {
  u8,
  MESSAGE_BLOCK_VERSION,
  IV_LENGTH,
  TAG_LENGTH,
  checkVersion,
  decoding,
  InvalidLengthError,
} from "../encoding/index.js";

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
