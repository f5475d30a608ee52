"use client";
import { useMutation } from "@tanstack/react-query";
import type { Address } from "viem";
import { noUsableKey, readPublicKey } from "../../core/chain";
import type { ChannelService } from "../../core/channel";
import { appDeployment } from "../lib/deployment";
import { addPendingInvite } from "../lib/pendingInvites";
import { useAppPublicClient } from "./useAppPublicClient";
import { useSession } from "./useSession";
import { useChainIndex } from "./useChainIndex";

export type InviteParams = { account: Address; shareHistory: boolean };

/**
 * Invites a member (admin only). With a published key, core adds it now (the current key sealed
 * to it; with `shareHistory`, the older epoch keys too) and this resolves "added". Without one,
 * the invitation waits in this browser (see pendingInvites) and this resolves "pending".
 */
export function useAddMember(service: ChannelService | null) {
  const chainIndex = useChainIndex();
  const publicClient = useAppPublicClient();
  const { session } = useSession();
  return useMutation({
    mutationFn: async ({ account, shareHistory }: InviteParams): Promise<"added" | "pending"> => {
      if (!service || !session || !appDeployment) throw new Error("The channel is still loading.");
      const key = await readPublicKey(publicClient, { keyDirectory: appDeployment.keyDirectory, account }).catch(noUsableKey);
      if (!key) {
        addPendingInvite(session.address, { channelId: service.channelId.toString(), account, shareHistory });
        return "pending";
      }
      await service.addMember(account, { shareHistory });
      return "added";
    },
    onSuccess: () => chainIndex?.sync(),
  });
}
