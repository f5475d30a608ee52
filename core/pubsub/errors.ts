import type { Hex } from "viem";
import { CairnError } from "../errors.js";

/** Errors of the pubsub formats (docs/PROTOCOL.md §Pending messages over pubsub). Verification reports drops (DropReason) instead. */

/** A pubsub message does not follow its format: too short, a length out of range or running past the end. */
export class MalformedPubsubMessageError extends CairnError {
  override readonly name: string = "MalformedPubsubMessageError";
  constructor(reason: string) {
    super("Malformed pubsub message.", { details: reason });
  }
}

/** A pubsub message of a kind this client does not know (a newer client's): skipped, nobody is penalised. */
export class UnknownPubsubKindError extends CairnError {
  override readonly name: string = "UnknownPubsubKindError";
  readonly kind: number;
  constructor(kind: number) {
    super(`Unsupported pubsub message kind 0x${kind.toString(16).padStart(2, "0")}.`, {
      details: "It was probably written by a newer Cairn client; update this client to read it.",
    });
    this.kind = kind;
  }
}

/** A pubsub message or one of its parts is longer than the format allows. */
export class PubsubMessageTooLargeError extends CairnError {
  override readonly name: string = "PubsubMessageTooLargeError";
  readonly what: string;
  readonly length: number;
  readonly max: number;
  constructor(what: string, length: number, max: number) {
    super(`The ${what} is too large (${length} bytes, at most ${max}).`);
    this.what = what;
    this.length = length;
    this.max = max;
  }
}

/**
 * The bytes are not a signed transaction a pending message can carry: not a legacy (EIP-155),
 * EIP-2930 or EIP-1559 transaction, no recipient, or a signature Ethereum does not accept (high s).
 */
export class InvalidPostTransactionError extends CairnError {
  override readonly name: string = "InvalidPostTransactionError";
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super("Not a valid signed transaction.", { ...options, details: reason });
  }
}

/** The transaction's calldata is not a post, postBatch, postAs or postBatchAs call (or its batch is malformed). */
export class NotAPostTransactionError extends CairnError {
  override readonly name: string = "NotAPostTransactionError";
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super("The transaction does not post to a channel.", { ...options, details: reason });
  }
}

/** The fields a node returned for a transaction do not rebuild the signed transaction with its hash. */
export class TransactionRebuildError extends CairnError {
  override readonly name: string = "TransactionRebuildError";
  readonly hash: Hex;
  constructor(hash: Hex, reason: string, options: { cause?: unknown } = {}) {
    super(`Could not rebuild the signed transaction ${hash} from the node's answer.`, { ...options, details: reason });
    this.hash = hash;
  }
}
