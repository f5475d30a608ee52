"use client";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { Address, PublicClient } from "viem";
import { useAccount } from "wagmi";
import { readChannelState } from "../../core/chain";
import { appConfig } from "../lib/config";
import { registryReadParams } from "../lib/chainReadParams";
import { channelLabel } from "../lib/channelLabel";
import { useAppPublicClient } from "./useAppPublicClient";

export const channelStateKey = (channelId: bigint | undefined, account: string | undefined) =>
  ["channel-state", appConfig.chainId, channelId?.toString(), account] as const;

/** The query of a channel's state as `account` sees it (shared by every component that shows the channel). */
export const channelStateQuery = (client: PublicClient, channelId: bigint | undefined, account: Address | undefined) =>
  queryOptions({
    queryKey: channelStateKey(channelId, account),
    queryFn: async () => {
      const state = await readChannelState(client, { ...registryReadParams(), channelId: channelId!, account });
      return { ...state, ...channelLabel(state.channelId, state.isPublic ? state.metadata.bytes : null) };
    },
    enabled: channelId !== undefined,
    staleTime: 10_000,
    refetchInterval: 15_000,
  });

/** A channel's state rebuilt from its logs (admin, members, epoch…) plus a display name. */
export function useChannelState(channelId: bigint | undefined) {
  const client = useAppPublicClient();
  const { address } = useAccount();
  return useQuery(channelStateQuery(client, channelId, address));
}
