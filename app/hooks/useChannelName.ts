"use client";
import { useQuery } from "@tanstack/react-query";
import { useAccount } from "wagmi";
import { appConfig } from "../lib/config";
import { useChannelService } from "./useChannelService";
import { useChannelState } from "./useChannelState";

/**
 * A channel's display name: public names come from the chain's plaintext metadata; private
 * names are decrypted by core's channel service once the IPFS node is up.
 */
export function useChannelName(channelId: bigint | undefined) {
  const { address } = useAccount();
  const state = useChannelState(channelId);
  const isPrivate = state.data?.isPublic === false;
  const { service } = useChannelService(isPrivate ? channelId : undefined);
  const details = useQuery({
    queryKey: ["channel-details", appConfig.chainId, channelId?.toString(), address],
    queryFn: () => service!.details(),
    enabled: isPrivate && service !== null,
    staleTime: 30_000,
  });
  const name = details.data?.info?.name || state.data?.name || (channelId !== undefined ? `Channel #${channelId}` : "");
  return { name, isPublic: state.data?.isPublic, state };
}
