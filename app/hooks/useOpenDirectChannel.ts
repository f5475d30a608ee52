"use client";
import { useMutation } from "@tanstack/react-query";
import type { Address } from "viem";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { loadChannelModule } from "../lib/loadCore";
import { useAppPublicClient } from "./useAppPublicClient";
import { useSession } from "./useSession";
import { useTxSender } from "./useTxSender";
import { useChainIndex } from "./useChainIndex";

/** Opens the 1:1 channel with `peer`: the pair's existing one, or a new one (core); resolves with its id. */
export function useOpenDirectChannel() {
  const publicClient = useAppPublicClient();
  const sender = useTxSender();
  const { session } = useSession();
  const chainIndex = useChainIndex();
  return useMutation({
    mutationFn: async (peer: Address) => {
      if (!session || !appDeployment) throw new Error("Unlock your keys first.");
      const { openDirectChannel } = await loadChannelModule();
      const context = { publicClient, sender, account: session.address, identity: session.keys, chainId: appChain.id, deployment: appDeployment };
      const { channelId } = await openDirectChannel(context, peer);
      return channelId;
    },
    onSuccess: () => chainIndex?.sync(),
  });
}
