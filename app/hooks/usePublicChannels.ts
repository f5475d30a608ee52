"use client";
import { skipToken, useQuery } from "@tanstack/react-query";
import { listPublicChannels, readPublicDirectoryBlock } from "@cairn/core/chain";
import { appConfig } from "../lib/config";
import { registryReadParams } from "../lib/chainReadParams";
import { channelLabel } from "../lib/channelLabel";
import { useAppPublicClient } from "./useAppPublicClient";

export const publicChannelsKey = ["public-channels", appConfig.chainId] as const;

/** How many of the newest public channels the directory lists. */
const DIRECTORY_SIZE = 200;

/** How often an open directory asks whether a public channel was created (one eth_call, about a block). */
const DIRECTORY_CHECK_MS = 12_000;

/**
 * The newest public channels (newest first) with their names, through the registry's public
 * channel chain. While the directory is open, one view per block (`lastPublicChannelBlock`) says
 * whether a channel was created since; the chain is read again only then.
 */
export function usePublicChannels() {
  const client = useAppPublicClient();
  const newest = useQuery({
    queryKey: [...publicChannelsKey, "newest-block"],
    queryFn: () => readPublicDirectoryBlock(client, { registry: registryReadParams().registry }),
    refetchInterval: DIRECTORY_CHECK_MS,
  });
  return useQuery({
    queryKey: [...publicChannelsKey, "list", newest.data?.toString() ?? null],
    queryFn: newest.isPending
      ? skipToken
      : async () => {
          const { channels } = await listPublicChannels(client, { ...registryReadParams(), limit: DIRECTORY_SIZE });
          return channels.map((channel) => ({ ...channel, ...channelLabel(channel.channelId, channel.metadata) }));
        },
    placeholderData: (previous) => previous,
  });
}
