"use client";
import { useContext, useEffect, useMemo, useSyncExternalStore } from "react";
import type { ChainIndex, ChannelSnapshot, IndexSnapshot } from "@cairn/core/chain";
import type { Address } from "viem";
import { ChainIndexContext } from "../components/ChainIndexProvider";

const NO_INDEX: IndexSnapshot = {};
const NO_CHANNELS: readonly ChannelSnapshot[] = [];
const noSubscription = () => () => undefined;

/** The tab's chain index, or null before a wallet is connected. */
export function useChainIndex(): ChainIndex | null {
  return useContext(ChainIndexContext);
}

/** The index as a whole (the account's channels, the last read error), re-rendered on change. */
export function useIndexSnapshot(): IndexSnapshot {
  const index = useChainIndex();
  return useSyncExternalStore(index?.subscribe ?? noSubscription, () => index?.snapshot() ?? NO_INDEX, () => NO_INDEX);
}

/** The latest block the tab's chain index follows (undefined before its first poll, or without a wallet): one poller per tab. */
export function useChainHead(): bigint | undefined {
  const index = useChainIndex();
  return useSyncExternalStore(index?.subscribe ?? noSubscription, () => index?.snapshot().head, () => undefined);
}

/**
 * One channel as the index knows it (state, messages), re-rendered on change; a channel the
 * account has not joined is followed while a component shows it.
 */
export function useIndexedChannel(channelId: bigint | undefined): ChannelSnapshot | undefined {
  const index = useChainIndex();
  useEffect(() => (index && channelId !== undefined ? index.watch(channelId) : undefined), [index, channelId]);
  return useSyncExternalStore(
    index?.subscribe ?? noSubscription,
    () => (index && channelId !== undefined ? index.channel(channelId) : undefined),
    () => undefined,
  );
}

/**
 * Follows `accounts`' published keys in the tab's chain index (one read of their key records, then
 * KeyPublished logs in its one stream) while mounted; returns a string that changes when any of
 * their records does ("" before the index exists). Read the records with `index.keyRecord`.
 */
export function useWatchedKeys(accounts: readonly Address[]): string {
  const index = useChainIndex();
  useEffect(() => (index && accounts.length > 0 ? index.watchKeys(accounts) : undefined), [index, accounts]);
  return useSyncExternalStore(
    index?.subscribe ?? noSubscription,
    () => (index ? accounts.map((account) => `${index.keyRecord(account)?.publishedBlock ?? "-"}:${index.keyRecord(account)?.keyCount ?? "-"}`).join(",") : ""),
    () => "",
  );
}

/** A getter of the snapshots of `ids` that returns the same array while none of them changed. */
function snapshotsOf(index: ChainIndex | null, ids: readonly bigint[]) {
  let last: readonly ChannelSnapshot[] = NO_CHANNELS;
  return () => {
    const next = index ? ids.map((id) => index.channel(id)) : NO_CHANNELS;
    if (next.length === last.length && next.every((snapshot, n) => snapshot === last[n])) return last;
    return (last = next);
  };
}

/** Several followed channels as the index knows them, in the order of `ids` (a new array only when one changed). */
export function useIndexedChannels(ids: readonly bigint[]): readonly ChannelSnapshot[] {
  const index = useChainIndex();
  const getSnapshot = useMemo(() => snapshotsOf(index, ids), [index, ids]);
  return useSyncExternalStore(index?.subscribe ?? noSubscription, getSnapshot, () => NO_CHANNELS);
}
