import { concat, u8 } from "./bytes.js";
import { encodeMetadataBody, type ChannelMetadata } from "./channelMetadataBody.js";
import { METADATA_MODE_PLAIN, METADATA_VERSION } from "./constants.js";

/** Metadata of a public channel, in the clear: 0x01 ‖ 0x00 ‖ body (PROTOCOL.md §Channel metadata). */
export function encodeChannelMetadata(metadata: ChannelMetadata): Uint8Array {
  return concat(u8(METADATA_VERSION), u8(METADATA_MODE_PLAIN), encodeMetadataBody(metadata));
}
