import type { Address } from "viem";
import type { ChannelState } from "../chain/index.js";
import { decodeChannelMetadata, decryptChannelMetadata, type ChannelMetadata } from "../crypto/index.js";
import type { Keyring } from "./createKeyring.js";

export type ChannelDetails = ChannelState & {
  /** Decoded (and for private channels decrypted) metadata; null when this account cannot read it. */
  info: ChannelMetadata | null;
};

/** A channel's state with its metadata decoded (public) or decrypted with the epoch key (private). */
export async function describeChannel(
  keyring: Keyring,
  scope: { chainId: number; registry: Address; channelId: bigint },
): Promise<ChannelDetails> {
  const state = await keyring.state();
  const { bytes, epoch } = state.metadata;
  const read = async () => {
    if (state.isPublic) return decodeChannelMetadata(bytes);
    const key = await keyring.key(epoch);
    return decryptChannelMetadata({ ...scope, metadata: bytes, key, epoch });
  };
  return { ...state, info: await read().catch(() => null) };
}
