import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { isAddressEqual, type Address } from "viem";
import { messageKey } from "../channel/dedupeMessages.js";
import { equalBytes, UnknownVersionError } from "../encoding/index.js";
import { wrappedCidEpoch } from "../crypto/index.js";
import type { DeploymentContext } from "../crypto/index.js";
import { MAX_NONCE_AHEAD, MAX_NONCE_BEHIND } from "./constants.js";
import { dropped, type DropReason, type Verdict } from "./dropReasons.js";
import {
  InvalidPostTransactionError,
  MalformedPubsubMessageError,
  NotAPostTransactionError,
  PubsubMessageTooLargeError,
  UnknownPubsubKindError,
} from "./errors.js";
import { decodePendingMessage, type PendingMessageParts } from "./pendingMessageCodec.js";
import { parsePostTransaction, type PostTransaction } from "./parsePostTransaction.js";

/**
 * The reader's own view of the chain, injected so that the checks stay pure (a cache in front of
 * the registry's views and eth_getTransactionCount). A check that throws (an RPC outage) makes
 * the verification throw: the message is then neither accepted nor blamed on anyone.
 */
export type PendingMessageChecks = {
  /** Whether `account` is a member of the channel now (ChannelRegistry.isMember, or the reader's channel state). */
  isMember(channelId: bigint, account: Address): boolean | Promise<boolean>;
  /** The expiry (unix seconds) of `key` as a session key of `wallet`, 0n for none (ChannelRegistry.sessionKeyExpiry). */
  sessionKeyExpiry(wallet: Address, key: Address): bigint | Promise<bigint>;
  /** The account's confirmed transaction count (eth_getTransactionCount at "latest"): its next unused nonce. */
  transactionCount(account: Address): number | Promise<number>;
  /** Whether this message (messageKey: sender and message id) is already pending or confirmed at the reader. */
  isKnown(key: string): boolean;
  /** The time in unix seconds (default the local clock), against session-key expiries. */
  now?: () => number;
};

/** A pending message that passed every check a node can make without the channel's key (relays stop here). */
export type CheckedPendingMessage = Omit<PendingMessageParts, "transaction"> & {
  /** The transaction, parsed (its signed bytes in `serialized`). */
  transaction: PostTransaction;
  /** The carried wrapped CID's index in the transaction's batch (0 for post / postAs): its place in the chain order once mined. */
  batchIndex: number;
  /** The epoch the wrapped CID names. */
  epoch: number;
  /** The block's CID (CIDv1, raw, sha2-256), i.e. the message id (PROTOCOL.md §6.4). */
  cid: CID;
  /** messageKey(sender, message id): what the delivery state machine and dedupeMessages key messages by. */
  key: string;
};

/** What a member expects on its topic: the channel and the epoch the topic belongs to. */
export type TopicExpectation = { channelId: bigint; epoch: number };

/** The drop reason of a decoding failure; anything else is not the message's fault and is thrown again. */
export function decodeDropReason(error: unknown): DropReason {
  if (error instanceof UnknownVersionError || error instanceof UnknownPubsubKindError) return "unknown-version";
  if (error instanceof PubsubMessageTooLargeError) return "oversized";
  if (error instanceof MalformedPubsubMessageError) return "malformed";
  if (error instanceof InvalidPostTransactionError) return "invalid-transaction";
  if (error instanceof NotAPostTransactionError) return "not-a-post";
  throw error;
}

type Decoded = { parts: PendingMessageParts; transaction: PostTransaction };

async function decode(bytes: Uint8Array): Promise<Verdict<Decoded>> {
  try {
    const parts = decodePendingMessage(bytes);
    return { ok: true, value: { parts, transaction: await parsePostTransaction(parts.transaction) } };
  } catch (cause) {
    return dropped(decodeDropReason(cause), { cause });
  }
}

function carriedEpoch(wrappedCid: Uint8Array): Verdict<number> {
  try {
    return { ok: true, value: wrappedCidEpoch(wrappedCid) };
  } catch (cause) {
    return dropped(cause instanceof UnknownVersionError ? "unknown-version" : "malformed", { cause });
  }
}

/** The nonce window (PROTOCOL.md §Verifying a pending message, step 11), against the signer's confirmed transaction count. */
function nonceDrop(nonce: number, count: number): DropReason | undefined {
  if (nonce < count - MAX_NONCE_BEHIND) return "replayed-nonce";
  if (nonce < count) return "already-mined";
  if (nonce >= count + MAX_NONCE_AHEAD) return "nonce-too-far";
  return undefined;
}

/**
 * Checks a pending message as far as a node without the channel's key can (PROTOCOL.md
 * §Verifying a pending message, steps 1–12, step 8 only with `expected`): format and sizes, the
 * signed transaction (chain, registry, a post call carrying the wrapped CID), the sender (the
 * signer, or the wallet whose unexpired session key signed), not a duplicate, the nonce window and
 * membership. With `expected` (a member's topic) the channel and epoch are checked before any chain
 * state is read. Every failure of the message is a Drop; it throws only what an injected check throws.
 */
export async function checkPendingMessage(
  bytes: Uint8Array,
  deployment: DeploymentContext,
  checks: PendingMessageChecks,
  expected?: TopicExpectation,
): Promise<Verdict<CheckedPendingMessage>> {
  const decoded = await decode(bytes);
  if (!decoded.ok) return decoded;
  const { parts, transaction } = decoded.value;
  if (BigInt(transaction.chainId) !== BigInt(deployment.chainId)) return dropped("wrong-chain");
  if (!isAddressEqual(transaction.to, deployment.registry)) return dropped("wrong-registry");
  const batchIndex = transaction.wrappedCids.findIndex((item) => equalBytes(item, parts.wrappedCid));
  if (batchIndex < 0) return dropped("wrapped-cid-not-in-transaction");
  const epoch = carriedEpoch(parts.wrappedCid);
  if (!epoch.ok) return epoch;

  const { sender, signer } = transaction;
  if (expected && transaction.channelId !== expected.channelId) return dropped("wrong-channel", { signer });
  if (expected && epoch.value !== expected.epoch) return dropped("wrong-epoch", { signer });
  const cid = CID.createV1(raw.code, await sha256.digest(parts.block));
  const key = messageKey({ sender, id: cid.toString() });
  if (checks.isKnown(key)) return dropped("duplicate", { signer });

  // The chain reads go out together (one round trip instead of three); the verdict takes them in the protocol's order.
  const [expiry, count, member] = await Promise.all([
    transaction.viaSessionKey ? checks.sessionKeyExpiry(sender, signer) : undefined,
    checks.transactionCount(signer),
    checks.isMember(transaction.channelId, sender),
  ]);
  const now = BigInt(Math.floor(checks.now?.() ?? Date.now() / 1000));
  if (expiry !== undefined && expiry <= now) return dropped("session-key-unauthorised", { signer });
  const nonce = nonceDrop(transaction.nonce, count);
  if (nonce) return dropped(nonce, { signer });
  if (!member) return dropped("not-member", { signer });
  return { ok: true, value: { wrappedCid: parts.wrappedCid, block: parts.block, transaction, batchIndex, epoch: epoch.value, cid, key } };
}
