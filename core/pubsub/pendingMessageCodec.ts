import { bytesToHex, hexToBytes, type Hex } from "viem";
import { ByteReader, concat, u32be, u8, MAX_WRAPPED_CID_LENGTH } from "../encoding/index.js";
import { MAX_MESSAGE_BLOCK_LENGTH, MIN_MESSAGE_BLOCK_LENGTH } from "../message/index.js";
import { MAX_PENDING_MESSAGE_LENGTH, MAX_PUBSUB_TRANSACTION_LENGTH } from "./constants.js";
import { MalformedPubsubMessageError, PubsubMessageTooLargeError } from "./errors.js";
import { pubsubHeader, pubsubKind } from "./pubsubKind.js";

/** What a pending message carries (PROTOCOL.md §Pending message). */
export type PendingMessageParts = {
  /** The signed transaction that posts the message (raw EIP-2718 / legacy RLP bytes). */
  transaction: Hex;
  /** The wrapped CID, as the transaction posts it (alone, or as one item of its batch). */
  wrappedCid: Uint8Array;
  /** The encrypted message block: receivers fetch nothing. */
  block: Uint8Array;
};

function checkLengths(parts: { transactionLength: number; wrappedCidLength: number; blockLength: number }) {
  if (parts.wrappedCidLength < 1 || parts.wrappedCidLength > MAX_WRAPPED_CID_LENGTH)
    throw new MalformedPubsubMessageError(`wrapped CID of ${parts.wrappedCidLength} bytes (1..${MAX_WRAPPED_CID_LENGTH})`);
  if (parts.transactionLength === 0) throw new MalformedPubsubMessageError("empty transaction");
  if (parts.transactionLength > MAX_PUBSUB_TRANSACTION_LENGTH)
    throw new PubsubMessageTooLargeError("transaction", parts.transactionLength, MAX_PUBSUB_TRANSACTION_LENGTH);
  if (parts.blockLength > MAX_MESSAGE_BLOCK_LENGTH) throw new PubsubMessageTooLargeError("message block", parts.blockLength, MAX_MESSAGE_BLOCK_LENGTH);
  if (parts.blockLength < MIN_MESSAGE_BLOCK_LENGTH)
    throw new MalformedPubsubMessageError(`message block of ${parts.blockLength} bytes (at least ${MIN_MESSAGE_BLOCK_LENGTH})`);
}

/**
 * A pending message:
 * 0x01 ‖ 0x01 ‖ u8(wrapped CID length) ‖ wrapped CID ‖ u32(transaction length) ‖ transaction ‖ block.
 */
export function encodePendingMessage(parts: PendingMessageParts): Uint8Array {
  const transaction = hexToBytes(parts.transaction);
  checkLengths({ transactionLength: transaction.length, wrappedCidLength: parts.wrappedCid.length, blockLength: parts.block.length });
  return concat(
    pubsubHeader("pendingMessage"),
    u8(parts.wrappedCid.length),
    parts.wrappedCid,
    u32be(transaction.length),
    transaction,
    parts.block,
  );
}

/**
 * Splits a pending message into its parts (copies). Throws UnknownVersionError,
 * MalformedPubsubMessageError (another kind, truncated, a length out of range) or
 * PubsubMessageTooLargeError; checks nothing the parts say (verifyPendingMessage does).
 */
export function decodePendingMessage(bytes: Uint8Array): PendingMessageParts {
  if (bytes.length > MAX_PENDING_MESSAGE_LENGTH) throw new PubsubMessageTooLargeError("pending message", bytes.length, MAX_PENDING_MESSAGE_LENGTH);
  if (pubsubKind(bytes) !== "pendingMessage") throw new MalformedPubsubMessageError("not a pending message");
  const reader = new ByteReader(bytes.subarray(2), (offset, needed) => new MalformedPubsubMessageError(`truncated: ${needed} bytes needed at byte ${offset + 2}`));
  const wrappedCid = reader.take(reader.u8()).slice();
  const transaction = reader.take(reader.u32());
  const block = reader.rest().slice();
  checkLengths({ transactionLength: transaction.length, wrappedCidLength: wrappedCid.length, blockLength: block.length });
  return { transaction: bytesToHex(transaction), wrappedCid, block };
}
