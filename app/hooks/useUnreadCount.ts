"use client";
import { useEffect, useState, useSyncExternalStore } from "react";
import { isAddressEqual } from "viem";
import { useAccount } from "wagmi";
import { headBlock, watchChannel } from "../../core/chain";
import { appConfig } from "../lib/config";
import { registryReadParams } from "../lib/chainReadParams";
import { markRead, readMarker, subscribeReadMarkers } from "../lib/readMarkers";
import { useAppPublicClient } from "./useAppPublicClient";

/**
 * Messages from others in a channel after its read marker (core's channel watcher). A
 * channel never opened starts its marker at the current head. `active` (the open channel)
 * counts nothing: the channel view moves the marker.
 */
export function useUnreadCount(channelId: bigint, active: boolean): number {
  const client = useAppPublicClient();
  const { address } = useAccount();
  const marker = useSyncExternalStore(
    subscribeReadMarkers,
    () => (address ? readMarker(appConfig.chainId, address, channelId)?.toString() : undefined),
    () => undefined,
  );
  const [count, setCount] = useState(0);

  useEffect(() => {
    setCount(0);
    if (!address || active) return;
    if (marker === undefined) {
      let cancelled = false;
      headBlock(client).then(
        (head) => !cancelled && markRead(appConfig.chainId, address, channelId, head),
        () => undefined,
      );
      return () => {
        cancelled = true;
      };
    }
    return watchChannel(client, {
      registry: registryReadParams().registry,
      channelId,
      fromBlock: BigInt(marker) + 1n,
      pollingInterval: 4_000,
      onMessages: (messages) =>
        setCount((n) => n + messages.filter((m) => !isAddressEqual(m.sender, address)).length),
    });
  }, [client, address, channelId, active, marker]);

  return active ? 0 : count;
}
