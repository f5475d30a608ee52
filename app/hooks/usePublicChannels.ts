"use client";
import { useQuery } from "@tanstack/react-query";
import { listPublicChannels } from "../../core/chain";
import { appConfig } from "../lib/config";
import { registryReadParams } from "../lib/chainReadParams";
import { channelLabel } from "../lib/channelLabel";
import { useAppPublicClient } from "./useAppPublicClient";

export const publicChannelsKey = ["public-channels", appConfig.chainId] as const;

/** Every public channel (newest first) with its name, from the registry's ChannelCreated logs. */
export function usePublicChannels() {
  const client = useAppPublicClient();
  return useQuery({
    queryKey: publicChannelsKey,
    queryFn: async () => {
      const channels = await listPublicChannels(client, registryReadParams());
      return channels.reverse().map((channel) => ({ ...channel, ...channelLabel(channel.channelId, channel.metadata) }));
    },
    refetchInterval: 15_000,
  });
}
