"use client";
import { useQuery } from "@tanstack/react-query";
import { useAccount } from "wagmi";
import { directChannelName, directPeer } from "../lib/channelLabel";
import { channelDetailsQuery } from "../lib/queries";
import { useChannelService } from "./useChannelService";
import { useChannelState } from "./useChannelState";

/** What a channel is: public, private (members only) or direct (1:1, also private). */
export type ChannelKind = "public" | "private" | "direct";

/**
 * A channel's display name and kind: public names come from the chain's plaintext metadata;
 * private names are decrypted by core's channel service once the IPFS node is up; a 1:1 channel
 * (DirectChannelCreated, in the channel state) is named after the other party.
 */
export function useChannelName(channelId: bigint | undefined) {
  const { address } = useAccount();
  const state = useChannelState(channelId);
  const direct = state.data?.direct ?? null;
  const isNamedPrivate = state.data?.isPublic === false && direct === null;
  const { service } = useChannelService(isNamedPrivate ? channelId : undefined);
  const details = useQuery(channelDetailsQuery(address, channelId, isNamedPrivate ? service : null));
  const kind: ChannelKind | undefined = direct ? "direct" : state.data && (state.data.isPublic ? "public" : "private");
  const name = direct
    ? directChannelName(direct, address)
    : details.data?.info?.name || state.data?.name || (channelId !== undefined ? `Channel #${channelId}` : "");
  /** The other party of a 1:1 channel (full address), when the viewer is one of the two. */
  const peer = direct ? directPeer(direct, address) : undefined;
  return { name, kind, peer, isPublic: state.data?.isPublic, state };
}
