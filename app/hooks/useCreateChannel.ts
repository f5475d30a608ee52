"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import { noUsableKey, readPublicKey } from "@cairn/core/chain";
import type { CreateChannelParameters } from "@cairn/core/channel";
import { loadChannelModule } from "../lib/loadCore";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { addPendingInvite } from "../lib/pendingInvites";
import { useAppPublicClient } from "./useAppPublicClient";
import { publicChannelsKey } from "./usePublicChannels";
import { useIdentity } from "./useIdentity";
import { useTxSender } from "./useTxSender";
import { useChainIndex } from "./useChainIndex";

/**
 * Creates a channel with core (fresh key, metadata, one transaction); resolves with its id and the
 * initial members who have no published key yet: those are left out of the transaction and wait
 * as pending invitations (see pendingInvites), completed once they publish a key.
 */
export function useCreateChannel() {
  const publicClient = useAppPublicClient();
  const sender = useTxSender();
  const { identity } = useIdentity();
  const queryClient = useQueryClient();
  const chainIndex = useChainIndex();
  return useMutation({
    mutationFn: async (params: CreateChannelParameters) => {
      if (!identity || !appDeployment) throw new Error("Unlock your keys first.");
      const context = { publicClient, sender, account: identity.address, identity: identity.keys, chainId: appChain.id, deployment: appDeployment };
      const { createChannel } = await loadChannelModule();
      const waiting: Address[] = [];
      if (params.kind === "private" && params.members) {
        const keys = await Promise.all(
          params.members.map((account) => readPublicKey(publicClient, { keyDirectory: appDeployment!.keyDirectory, account }).catch(noUsableKey)),
        );
        waiting.push(...params.members.filter((_, i) => keys[i] === null));
        params = { ...params, members: params.members.filter((_, i) => keys[i] !== null) };
      }
      const { channelId } = await createChannel(context, params);
      for (const account of waiting) addPendingInvite(identity.address, { channelId: channelId.toString(), account, shareHistory: false });
      return { channelId, waiting };
    },
    onSuccess: () =>
      Promise.all([
        chainIndex?.sync(),
        queryClient.invalidateQueries({ queryKey: publicChannelsKey }),
      ]),
  });
}
