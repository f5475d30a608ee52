import type { Address, PublicClient } from "viem";
import { readIsMember } from "../chain/readIsMember.js";
import { readView } from "../chain/readView.js";
import { channelRegistryAbi } from "../contracts/generated.js";
import type { PendingMessageChecks } from "./checkPendingMessage.js";
import type { PresenceChecks } from "./presence.js";

/** The chain-state checks of pending messages and presence beats, without `isKnown` (the reader's delivery state answers that). */
export type ChainChecks = Omit<PendingMessageChecks, "isKnown" | "now"> & Pick<PresenceChecks, "isMember" | "sessionKeyExpiry">;

/** How long one answer is reused (PROTOCOL.md §16.4: "cached for a few seconds"). */
const CACHE_MS = 5_000;
/** No retries: a message whose check cannot be answered is ignored, its chain copy serves. */
const NO_RETRY = { retries: 0 };

/**
 * The reader's own view of the chain for pubsub checks (PROTOCOL.md §16.4 steps 10–12): the
 * registry's isMember and sessionKeyExpiry views and the signer's confirmed transaction count, each
 * answer cached for CACHE_MS so that a burst of messages costs one read per account.
 */
export function createChainChecks(publicClient: PublicClient, registry: Address): ChainChecks {
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();
  function cached<T>(key: string, read: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < CACHE_MS) return hit.value as Promise<T>;
    const value = read();
    cache.set(key, { at: now, value });
    value.catch(() => cache.delete(key));
    if (cache.size > 4096) cache.delete(cache.keys().next().value!);
    return value;
  }
  return {
    isMember: (channelId, account) =>
      cached(`member ${channelId} ${account.toLowerCase()}`, () => readIsMember(publicClient, { registry, channelId, account, retry: NO_RETRY })),
    sessionKeyExpiry: (wallet, key) =>
      cached(`session ${wallet.toLowerCase()} ${key.toLowerCase()}`, () =>
        readView(publicClient, { address: registry, abi: channelRegistryAbi, functionName: "sessionKeyExpiry", args: [wallet, key] }, NO_RETRY),
      ),
    transactionCount: (account) =>
      cached(`count ${account.toLowerCase()}`, () => publicClient.getTransactionCount({ address: account, blockTag: "latest" })),
  };
}
