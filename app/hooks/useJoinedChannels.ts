"use client";
import { useQuery } from "@tanstack/react-query";
import { useAccount } from "wagmi";
import { listChannels } from "../../core/chain";
import { appConfig } from "../lib/config";
import { registryReadParams } from "../lib/chainReadParams";
import { useAppPublicClient } from "./useAppPublicClient";

export const joinedChannelsKey = (account: string | undefined) => ["joined-channels", appConfig.chainId, account] as const;

/** Ids of the channels the connected account belongs to, from the registry's membership logs. */
export function useJoinedChannels() {
  const client = useAppPublicClient();
  const { address } = useAccount();
  return useQuery({
    queryKey: joinedChannelsKey(address),
    queryFn: () => listChannels(client, { ...registryReadParams(), account: address! }),
    enabled: address !== undefined,
    refetchInterval: 15_000,
  });
}
