"use client";
import { useQuery } from "@tanstack/react-query";
import { listPublicChannels } from "../../core/chain";
import { appConfig } from "../lib/config";
import { registryReadParams } from "../lib/chainReadParams";
import { channelLabel } from "../lib/channelLabel";
import { useAppPublicClient } from "./useAppPublicClient";

export const publicChannelsKey = ["public-channels", appConfig.chainId] as const;

/** How many of the newest public channels the directory lists. */
const DIRECTORY_SIZE = 200;

/**
 * The newest public channels (newest first) with their names, through the registry's public
 * channel chain; read when the directory opens and after this tab creates one (no polling).
 */
export function usePublicChannels() {
  const client = useAppPublicClient();
  return useQuery({
    queryKey: publicChannelsKey,
    queryFn: async () => {
      const { channels } = await listPublicChannels(client, { ...registryReadParams(), limit: DIRECTORY_SIZE });
      return channels.map((channel) => ({ ...channel, ...channelLabel(channel.channelId, channel.metadata) }));
    },
  });
}
