"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import type { ChannelService } from "../../core/channel";

/** Removes a member (admin only); core moves a private channel to a new key sealed only to the others. */
export function useRemoveMember(service: ChannelService | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (account: Address) => {
      if (!service) throw new Error("The channel is still loading.");
      await service.removeMember(account);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["channel-state"] }),
  });
}
