import { generateSiweNonce } from "viem/siwe";
import { TooManyChallengesError } from "./errors.js";

export interface Challenge {
  nonce: string;
  /** The nonce is accepted until then (ISO 8601); a sign-in message may not outlive it. */
  expiresAt: string;
}

export interface ChallengeStore {
  issue(): Challenge;
  /** True once for a nonce that was issued and has not expired; false otherwise (unknown, used or expired). */
  consume(nonce: string): boolean;
}

/**
 * Single-use sign-in nonces, in memory: each lives `ttlMs` and at most `max` are outstanding
 * (expired ones are dropped first; then `TooManyChallengesError`). A restart forgets them,
 * which only makes a sign-in in progress start again.
 */
export function createChallengeStore(options: { ttlMs: number; max: number; now?: () => number }): ChallengeStore {
  const now = options.now ?? Date.now;
  const live = new Map<string, number>();

  function dropExpired(): void {
    const time = now();
    for (const [nonce, expires] of live) if (expires <= time) live.delete(nonce);
  }

  return {
    issue() {
      if (live.size >= options.max) dropExpired();
      if (live.size >= options.max) throw new TooManyChallengesError();
      const nonce = generateSiweNonce();
      const expires = now() + options.ttlMs;
      live.set(nonce, expires);
      return { nonce, expiresAt: new Date(expires).toISOString() };
    },
    consume(nonce) {
      const expires = live.get(nonce);
      live.delete(nonce);
      return expires !== undefined && expires > now();
    },
  };
}
