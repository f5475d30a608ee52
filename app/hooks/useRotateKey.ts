"use client";
import { useMutation } from "@tanstack/react-query";
import type { ChannelService } from "@cairn/core/channel";
import { useChainIndex } from "./useChainIndex";

/**
 * Starts a new key epoch for the current members (core's rotation): the admin at any time, any
 * member while the channel waits for one because a member left, either member of a 1:1 channel.
 */
export function useRotateKey(service: ChannelService | null) {
  const chainIndex = useChainIndex();
  return useMutation({
    mutationFn: async () => {
      if (!service) throw new Error("The channel is still loading.");
      return service.rotateKey();
    },
    onSuccess: () => chainIndex?.sync(),
  });
}
