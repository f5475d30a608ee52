"use client";
import { useEffect, useSyncExternalStore } from "react";
import { isAddressEqual } from "viem";
import { useAccount } from "wagmi";
import { appConfig } from "../lib/config";
import { markRead, readMarker, subscribeReadMarkers } from "../lib/readMarkers";
import { useIndexedChannel } from "./useChainIndex";

/**
 * Messages from others in a channel after its read marker, from the tab's chain index (no reads
 * of its own). A channel never opened starts its marker at the block the index knows it up to.
 * `active` (the open channel) counts nothing: the channel view moves the marker.
 */
export function useUnreadCount(channelId: bigint, active: boolean): number {
  const { address } = useAccount();
  const snapshot = useIndexedChannel(channelId);
  const marker = useSyncExternalStore(
    subscribeReadMarkers,
    () => (address ? readMarker(appConfig.chainId, address, channelId)?.toString() : undefined),
    () => undefined,
  );
  const syncedBlock = snapshot?.syncedBlock;

  useEffect(() => {
    if (address && marker === undefined && syncedBlock !== undefined) markRead(appConfig.chainId, address, channelId, syncedBlock);
  }, [address, channelId, marker, syncedBlock]);

  if (active || !address || marker === undefined || !snapshot) return 0;
  const after = BigInt(marker);
  return snapshot.messages.filter((message) => message.blockNumber > after && !isAddressEqual(message.sender, address)).length;
}
