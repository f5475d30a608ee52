"use client";
import { useMutation } from "@tanstack/react-query";
import type { Address } from "viem";
import type { ChannelService } from "@cairn/core/channel";
import { useChainIndex } from "./useChainIndex";

/** Removes a member (admin only); core moves a private channel to a new key sealed only to the others. */
export function useRemoveMember(service: ChannelService | null) {
  const chainIndex = useChainIndex();
  return useMutation({
    mutationFn: async (account: Address) => {
      if (!service) throw new Error("The channel is still loading.");
      await service.removeMember(account);
    },
    onSuccess: () => chainIndex?.sync(),
  });
}
