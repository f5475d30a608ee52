import { checkMetadataHeader, decodeMetadataBody, type ChannelMetadata } from "./channelMetadataBody.js";
import { METADATA_MODE_PLAIN } from "./constants.js";
import { decodingSync } from "./decoding.js";

/** Decodes a public channel's plaintext metadata. Throws only CairnErrors. */
export function decodeChannelMetadata(metadata: Uint8Array): ChannelMetadata {
  return decodingSync("channel metadata", () => {
    checkMetadataHeader(metadata, METADATA_MODE_PLAIN);
    return decodeMetadataBody(metadata.subarray(2));
  });
}
