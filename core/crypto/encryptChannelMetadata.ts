import { AAD_LABEL, epochAad } from "./aad.js";
import { importAesKey, sealAfter } from "./aesGcm.js";
import { encodeMetadataBody, type ChannelMetadata } from "./channelMetadataBody.js";
import { METADATA_MODE_ENCRYPTED, METADATA_VERSION } from "./constants.js";
import type { EpochContext } from "./types.js";

export interface EncryptChannelMetadataParameters extends EpochContext {
  metadata: ChannelMetadata;
  /** The channel's key for `epoch`. */
  key: Uint8Array;
  /** Test vectors only: fixed IV (default: random). */
  iv?: Uint8Array;
}

/** AAD of private metadata: the "Cairn/v1/metadata" epoch AAD (the real channel id, every epoch). */
export function metadataAad(context: EpochContext): Uint8Array {
  return epochAad(AAD_LABEL.metadata, context);
}

/**
 * Metadata of a private or 1:1 channel: 0x01 ‖ 0x01 ‖ IV (12) ‖ AES-256-GCM(key, IV, body, metadataAad).
 */
export async function encryptChannelMetadata(parameters: EncryptChannelMetadataParameters): Promise<Uint8Array> {
  const body = encodeMetadataBody(parameters.metadata);
  const aad = metadataAad(parameters);
  const key = await importAesKey(parameters.key, "epoch key");
  return sealAfter(Uint8Array.of(METADATA_VERSION, METADATA_MODE_ENCRYPTED), key, aad, body, parameters.iv);
}
