import { isAddressEqual, type Address } from "viem";
import { decodeChannelMetadata } from "@cairn/core/crypto";
import { shortAddress } from "./format";

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

/** The two parties of a 1:1 channel (ChannelState's `direct`). */
export type DirectParties = { creator: Address; peer: Address };

/** The other party of a 1:1 channel for `viewer`; undefined when the viewer is not one of the two. */
export function directPeer(direct: DirectParties, viewer: Address | undefined): Address | undefined {
  if (!viewer) return undefined;
  if (isAddressEqual(direct.creator, viewer)) return direct.peer;
  if (isAddressEqual(direct.peer, viewer)) return direct.creator;
  return undefined;
}

/** A 1:1 channel's name: the other party ("0x1234…abcd"), or both parties for someone else. */
export function directChannelName(direct: DirectParties, viewer: Address | undefined): string {
  const peer = directPeer(direct, viewer);
  return peer ? shortAddress(peer) : `${shortAddress(direct.creator)} ↔ ${shortAddress(direct.peer)}`;
}
