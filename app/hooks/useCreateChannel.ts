"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CreateChannelParameters } from "../../core/channel";
import { loadChannelModule } from "../lib/loadCore";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { useAppPublicClient } from "./useAppPublicClient";
import { publicChannelsKey } from "./usePublicChannels";
import { useSession } from "./useSession";
import { useTxSender } from "./useTxSender";

/** Creates a channel with core (fresh key, metadata, one transaction); resolves with its id. */
export function useCreateChannel() {
  const publicClient = useAppPublicClient();
  const sender = useTxSender();
  const { session } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (params: CreateChannelParameters) => {
      if (!session || !appDeployment) throw new Error("Unlock your keys first.");
      const context = { publicClient, sender, identity: session.keys, chainId: appChain.id, deployment: appDeployment };
      const { createChannel } = await loadChannelModule();
      const { channelId } = await createChannel(context, params);
      return channelId;
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["joined-channels"] }),
        queryClient.invalidateQueries({ queryKey: publicChannelsKey }),
      ]),
  });
}
