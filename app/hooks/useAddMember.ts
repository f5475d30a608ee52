"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import type { ChannelService } from "../../core/channel";

/** Adds a member with core (private channels seal the current key to their published key); admin only. */
export function useAddMember(service: ChannelService | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (account: Address) => {
      if (!service) throw new Error("The channel is still loading.");
      await service.addMember(account);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["channel-state"] }),
  });
}
