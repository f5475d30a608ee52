"use client";
import { useMutation } from "@tanstack/react-query";
import { useAccount } from "wagmi";
import { joinTx, readChannelInfo, readIsMember } from "@cairn/core/chain";
import { appDeployment } from "../lib/deployment";
import { useAppPublicClient } from "./useAppPublicClient";
import { useTxSender } from "./useTxSender";
import { useChainIndex } from "./useChainIndex";

/**
 * Joins a public channel (one transaction). Already being a member is success; a missing or
 * private channel fails with core's typed error before the wallet is asked.
 */
export function useJoinChannel() {
  const publicClient = useAppPublicClient();
  const send = useTxSender();
  const { address } = useAccount();
  const chainIndex = useChainIndex();
  return useMutation({
    mutationFn: async (channelId: bigint) => {
      if (!appDeployment || !address) throw new Error("Connect your wallet first.");
      const registry = appDeployment.channelRegistry;
      await readChannelInfo(publicClient, { registry, channelId });
      if (await readIsMember(publicClient, { registry, channelId, account: address })) return channelId;
      await send(joinTx(registry, { channelId }));
      return channelId;
    },
    onSuccess: () => chainIndex?.sync(),
  });
}
