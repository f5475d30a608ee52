import { importAesKey, openAfter } from "./aesGcm.js";
import { checkMetadataHeader, decodeMetadataBody, type ChannelMetadata } from "./channelMetadataBody.js";
import { IV_LENGTH, MAX_METADATA_LENGTH, METADATA_MODE_ENCRYPTED, TAG_LENGTH } from "./constants.js";
import { decoding } from "./decoding.js";
import { metadataAad } from "./encryptChannelMetadata.js";
import { InvalidLengthError } from "./errors.js";
import type { EpochContext } from "./types.js";

export interface DecryptChannelMetadataParameters extends EpochContext {
  /** Encrypted metadata bytes (ChannelCreated: epoch 1; MetadataUpdated: its epoch). */
  metadata: Uint8Array;
  /** The channel's key for `epoch`. */
  key: Uint8Array;
}

const MIN_LENGTH = 2 + IV_LENGTH + TAG_LENGTH + 3;

/** Decrypts and decodes a private channel's metadata. Throws only CairnErrors. */
export async function decryptChannelMetadata(parameters: DecryptChannelMetadataParameters): Promise<ChannelMetadata> {
  return decoding("channel metadata", async () => {
    const { metadata } = parameters;
    checkMetadataHeader(metadata, METADATA_MODE_ENCRYPTED);
    if (metadata.length < MIN_LENGTH || metadata.length > MAX_METADATA_LENGTH)
      throw new InvalidLengthError("encrypted metadata", metadata.length, `${MIN_LENGTH}..${MAX_METADATA_LENGTH} bytes`);
    const key = await importAesKey(parameters.key, "epoch key");
    const body = await openAfter(metadata, 2, key, metadataAad(parameters), "channel metadata");
    return decodeMetadataBody(body);
  });
}
