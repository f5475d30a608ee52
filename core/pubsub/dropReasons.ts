import type { Address } from "viem";

/**
 * What gossipsub is told about a message (its TopicValidatorResult values): `accept` forwards it,
 * `reject` drops it and applies the invalid-message penalty (P4) to the peer it came from,
 * `ignore` drops it without a penalty.
 */
export type GossipAcceptance = "accept" | "reject" | "ignore";

type DropPolicy = {
  /** `reject` only where every forwarding node could have seen the fault (no key, no chain state needed). */
  acceptance: Exclude<GossipAcceptance, "accept">;
  /** Weight of one drop in the peer's application score (createDropCounter); 0 where an honest relay could forward it. */
  penalty: number;
};

/**
 * Why a pubsub message was dropped (PROTOCOL.md §Verifying a pending message and §Presence beats),
 * and what a node does about it. Faults anyone can check from the bytes alone are `reject`ed.
 * Faults that need chain state are `ignore`d (an honest relay with a slightly older view may
 * forward them) and cost the forwarding peer a little application score, except the benign races (a
 * transaction mined a moment ago, a duplicate). Faults that need the epoch key are only ever seen
 * by members, never by relays: they are ignored and counted against the signer of the message
 * instead of the peer.
 */
export const DROP_REASONS = {
  /** Longer than the format allows (the whole message, its transaction or its block). */
  oversized: { acceptance: "reject", penalty: 0 },
  /** Not the format: truncated, a length out of range, an unknown kind, a presence beat of the wrong size. */
  malformed: { acceptance: "reject", penalty: 0 },
  /** A version byte this client does not know: a newer client wrote it, so nobody is penalised. */
  "unknown-version": { acceptance: "ignore", penalty: 0 },
  /** Not a signed legacy (EIP-155) / EIP-2930 / EIP-1559 transaction with a low-s signature. */
  "invalid-transaction": { acceptance: "reject", penalty: 0 },
  /** Signed for another chain. */
  "wrong-chain": { acceptance: "reject", penalty: 0 },
  /** Sent to another contract than this deployment's ChannelRegistry. */
  "wrong-registry": { acceptance: "reject", penalty: 0 },
  /** Not a post, postBatch, postAs or postBatchAs call. */
  "not-a-post": { acceptance: "reject", penalty: 0 },
  /** The carried wrapped CID is not (an item of) what the transaction posts. */
  "wrapped-cid-not-in-transaction": { acceptance: "reject", penalty: 0 },
  /** postAs / postBatchAs signed by a key the wallet has not authorised, or whose authorisation expired. */
  "session-key-unauthorised": { acceptance: "ignore", penalty: 1 },
  /** The sender is not a member of the channel. */
  "not-member": { acceptance: "ignore", penalty: 1 },
  /** The transaction's nonce is far below the signer's confirmed count: old history replayed. */
  "replayed-nonce": { acceptance: "ignore", penalty: 1 },
  /** The transaction's nonce was mined a moment ago: the chain copy of the message serves. */
  "already-mined": { acceptance: "ignore", penalty: 0 },
  /** The nonce is so far ahead of the signer's confirmed count that the transaction cannot be mined soon. */
  "nonce-too-far": { acceptance: "ignore", penalty: 1 },
  /** This message (sender, message id) is already pending or confirmed. */
  duplicate: { acceptance: "ignore", penalty: 0 },
  /** The peer or sender sent more than its budget (createFloodGuard). */
  "rate-limited": { acceptance: "ignore", penalty: 1 },
  /** Member checks: the transaction posts to another channel than the topic's. */
  "wrong-channel": { acceptance: "ignore", penalty: 0 },
  /** Member checks: the wrapped CID is sealed under another epoch than the topic's. */
  "wrong-epoch": { acceptance: "ignore", penalty: 0 },
  /** Member checks: the block's CID is not the CID the wrapped CID holds. */
  "cid-mismatch": { acceptance: "ignore", penalty: 0 },
  /** Member checks: the wrapped CID, the block or the presence beat does not decrypt with the epoch key. */
  undecryptable: { acceptance: "ignore", penalty: 0 },
  /** Member checks: it decrypts, but to an invalid envelope, CID or presence plaintext. */
  "invalid-content": { acceptance: "ignore", penalty: 0 },
  /** Member checks: a presence beat whose sender is not a member, or whose signature is not its sender's authorised session key's. */
  "forged-presence": { acceptance: "ignore", penalty: 0 },
  /** A presence beat from outside the clock-skew window, or not newer than the sender's last one. */
  "stale-presence": { acceptance: "ignore", penalty: 0 },
} as const satisfies Record<string, DropPolicy>;

export type DropReason = keyof typeof DROP_REASONS;

/**
 * A dropped message: why, and, once its signature is valid, the account that signed it (a
 * wallet, or a session key). The signer is authenticated, unlike the wallet a postAs names, so
 * drops a peer cannot be blamed for are counted against it.
 */
export type Drop = { reason: DropReason; signer?: Address; cause?: unknown };

/** The outcome of checking a pubsub message: the checked value, or why it was dropped. Nothing unverified is returned. */
export type Verdict<T> = { ok: true; value: T } | { ok: false; drop: Drop };

export const dropped = (reason: DropReason, details: Omit<Drop, "reason"> = {}): { ok: false; drop: Drop } => ({ ok: false, drop: { reason, ...details } });

/** What to tell gossipsub (reportMessageValidationResult) about a verdict. */
export function gossipAcceptance(verdict: Verdict<unknown>): GossipAcceptance {
  return verdict.ok ? "accept" : DROP_REASONS[verdict.drop.reason].acceptance;
}
