import { createExternalStore } from "@cairn/core/createExternalStore";

/**
 * The last block read in each channel, per chain and account, in localStorage (positions
 * only, nothing secret). Subscribers are told about changes made in this tab.
 */
const changes = createExternalStore(null);

const storageKey = (chainId: number, account: string, channelId: bigint) =>
  `cairn:read:${chainId}:${account.toLowerCase()}:${channelId}`;

export function readMarker(chainId: number, account: string, channelId: bigint): bigint | undefined {
  const value = globalThis.localStorage?.getItem(storageKey(chainId, account, channelId));
  return value ? BigInt(value) : undefined;
}

/** Moves the marker forward (never back) to `blockNumber`. */
export function markRead(chainId: number, account: string, channelId: bigint, blockNumber: bigint): void {
  const current = readMarker(chainId, account, channelId);
  if (current !== undefined && current >= blockNumber) return;
  localStorage.setItem(storageKey(chainId, account, channelId), blockNumber.toString());
  changes.notify();
}

export const subscribeReadMarkers = changes.subscribe;
