"use client";
import { useMutation } from "@tanstack/react-query";
import type { ChannelService } from "@cairn/core/channel";
import { useChainIndex } from "./useChainIndex";

/**
 * Seals the channel's keys again to members whose key changed (admin only): core shares the
 * epochs with their new keys, or starts a new epoch when the admin's own key changed.
 */
export function useResealKeys(service: ChannelService | null) {
  const chainIndex = useChainIndex();
  return useMutation({
    mutationFn: async () => {
      if (!service) throw new Error("The channel is still loading.");
      return service.resealChangedKeys();
    },
    onSuccess: () => chainIndex?.sync(),
  });
}
