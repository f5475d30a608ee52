import { createLruMap } from "./createLruMap.js";

/** A token bucket: `burst` at once, refilled at `perSecond`. */
export type FloodBudget = { burst: number; perSecond: number };

/**
 * Per signer of pending messages: a whole batch (up to 128 messages, one pubsub message each)
 * at once, then 2 messages a second.
 */
export const PENDING_MESSAGE_BUDGET: FloodBudget = { burst: 128, perSecond: 2 };
/**
 * Per (peer, topic) of presence beats at a relay, which cannot open them: room for a few members'
 * beats forwarded by one peer, far below a flood.
 */
export const PRESENCE_BUDGET: FloodBudget = { burst: 30, perSecond: 2 };

export type FloodGuard = {
  /** Spends one token of `key`'s bucket: false when it is empty (drop the message as "rate-limited"). */
  take(key: string): boolean;
};

/**
 * Token buckets by key (a signer, or a peer and topic), so that one flooder cannot slow the checks
 * of everyone else's messages (PROTOCOL.md §Pubsub abuse and peer scoring). At most `maxKeys`
 * buckets are kept; the least recently used is dropped first (it would have refilled anyway).
 */
export function createFloodGuard(budget: FloodBudget, options: { maxKeys?: number; now?: () => number } = {}): FloodGuard {
  const { maxKeys = 4096, now = Date.now } = options;
  const buckets = createLruMap<{ tokens: number; at: number }>(maxKeys);
  return {
    take(key) {
      const at = now();
      const bucket = buckets.touch(key, () => ({ tokens: budget.burst, at }));
      bucket.tokens = Math.min(budget.burst, bucket.tokens + ((at - bucket.at) / 1000) * budget.perSecond);
      bucket.at = at;
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}
