"use client";
import { useMutation } from "@tanstack/react-query";
import type { Address } from "viem";
import type { ChannelService } from "@cairn/core/channel";
import { appDeployment } from "../lib/deployment";
import { loadChannelModule } from "../lib/loadCore";
import { addPendingInvite } from "../lib/pendingInvites";
import { useAppPublicClient } from "./useAppPublicClient";
import { useIdentity } from "./useIdentity";
import { useChainIndex } from "./useChainIndex";

export type InviteParams = { account: Address; shareHistory: boolean };

/**
 * Invites a member (admin only) by core's deferred-invite policy (inviteOrDefer): with a usable
 * published key it is added now and this resolves "added"; without one, the invitation waits in
 * this browser (see pendingInvites) and this resolves "pending".
 */
export function useAddMember(service: ChannelService | null) {
  const chainIndex = useChainIndex();
  const publicClient = useAppPublicClient();
  const { identity } = useIdentity();
  return useMutation({
    mutationFn: async ({ account, shareHistory }: InviteParams): Promise<"added" | "pending"> => {
      if (!service || !identity || !appDeployment) throw new Error("The channel is still loading.");
      const { inviteOrDefer } = await loadChannelModule();
      const outcome = await inviteOrDefer({ publicClient, deployment: appDeployment }, service, { account, shareHistory });
      if (outcome === "added") return "added";
      addPendingInvite(identity.address, { channelId: service.channelId.toString(), account, shareHistory });
      return "pending";
    },
    onSuccess: () => chainIndex?.sync(),
  });
}
