"use client";
import { useMutation } from "@tanstack/react-query";
import type { Address } from "viem";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { loadChannelModule } from "../lib/loadCore";
import { useAppPublicClient } from "./useAppPublicClient";
import { useIdentity } from "./useIdentity";
import { useTxSender } from "./useTxSender";
import { useChainIndex } from "./useChainIndex";

/** Opens the 1:1 channel with `peer`: the pair's existing one, or a new one (core); resolves with its id. */
export function useOpenDirectChannel() {
  const publicClient = useAppPublicClient();
  const sender = useTxSender();
  const { identity } = useIdentity();
  const chainIndex = useChainIndex();
  return useMutation({
    mutationFn: async (peer: Address) => {
      if (!identity || !appDeployment) throw new Error("Unlock your keys first.");
      const { openDirectChannel } = await loadChannelModule();
      const context = { publicClient, sender, account: identity.address, identity: identity.keys, chainId: appChain.id, deployment: appDeployment };
      const { channelId } = await openDirectChannel(context, peer);
      return channelId;
    },
    onSuccess: () => chainIndex?.sync(),
  });
}
