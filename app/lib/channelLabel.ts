import { decodeChannelMetadata } from "../../core/crypto/decodeChannelMetadata";

/** Name and description of a public channel from its plaintext metadata; a fallback name when unreadable. */
export function channelLabel(channelId: bigint, metadata: Uint8Array | null) {
  if (metadata) {
    try {
      const { name, description } = decodeChannelMetadata(metadata);
      if (name) return { name, description };
    } catch {
      // Unreadable (encrypted or unknown version) metadata: fall through to the id.
    }
  }
  return { name: `Channel #${channelId}`, description: "" };
}
