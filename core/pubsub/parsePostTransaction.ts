import {
  decodeFunctionData,
  hexToBigInt,
  hexToBytes,
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
  type Address,
  type Hex,
  type TransactionSerialized,
} from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { unpackBatch } from "../crypto/index.js";
import { InvalidPostTransactionError, NotAPostTransactionError } from "./errors.js";

/** secp256k1 group order: Ethereum accepts only signatures with s ≤ n/2 (EIP-2). */
const HALF_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n / 2n;
const ACCEPTED_TYPES = new Set(["legacy", "eip2930", "eip1559"]);

export type PostFunctionName = "post" | "postBatch" | "postAs" | "postBatchAs";

/** A signed transaction that posts to a channel, as far as its bytes alone tell. */
export type PostTransaction = {
  /** The signed bytes. */
  serialized: Hex;
  /** keccak256 of the signed bytes: the transaction hash. */
  hash: Hex;
  /** The account that signed it: the wallet (post, postBatch) or a session key (postAs, postBatchAs). */
  signer: Address;
  /** The wallet the registry attributes the post to: the signer, or the `wallet` argument of postAs / postBatchAs. */
  sender: Address;
  viaSessionKey: boolean;
  functionName: PostFunctionName;
  chainId: number;
  to: Address;
  nonce: number;
  channelId: bigint;
  /** The wrapped CIDs it posts, in batch order (one for post / postAs). */
  wrappedCids: Uint8Array[];
};

function parse(serialized: Hex) {
  try {
    return parseTransaction(serialized as TransactionSerialized);
  } catch (cause) {
    throw new InvalidPostTransactionError("the bytes are not a signed transaction", { cause });
  }
}

function decodeCall(data: Hex | undefined) {
  try {
    return decodeFunctionData({ abi: channelRegistryAbi, data: data ?? "0x" });
  } catch (cause) {
    throw new NotAPostTransactionError("the calldata is not a ChannelRegistry call", { cause });
  }
}

/**
 * Reads a signed transaction that posts to a channel (PROTOCOL.md §Verifying a pending message,
 * steps 4–6): parses it with viem, recovers its signer and decodes the call with the registry ABI.
 * Throws InvalidPostTransactionError (unparseable; not legacy with an EIP-155 chain id, EIP-2930 or
 * EIP-1559; no recipient; high-s or unrecoverable signature) or NotAPostTransactionError (any other
 * call, or a malformed batch). Which chain and contract it is for is the caller's check.
 */
export async function parsePostTransaction(serialized: Hex): Promise<PostTransaction> {
  const tx = parse(serialized);
  const type = tx.type ?? "legacy";
  if (!ACCEPTED_TYPES.has(type)) throw new InvalidPostTransactionError(`transaction type ${type} is not accepted`);
  if (tx.chainId === undefined) throw new InvalidPostTransactionError("a legacy transaction without an EIP-155 chain id");
  if (!tx.to) throw new InvalidPostTransactionError("the transaction creates a contract");
  if (tx.r === undefined || tx.s === undefined) throw new InvalidPostTransactionError("the transaction is not signed");
  if (hexToBigInt(tx.s) > HALF_N) throw new InvalidPostTransactionError("the signature has a high s, which Ethereum refuses");
  let signer: Address;
  try {
    signer = await recoverTransactionAddress({ serializedTransaction: serialized as TransactionSerialized });
  } catch (cause) {
    throw new InvalidPostTransactionError("the signature does not recover to an account", { cause });
  }
  const call = decodeCall(tx.data);
  const base = { serialized, hash: keccak256(serialized), signer, chainId: tx.chainId, to: tx.to, nonce: tx.nonce ?? 0 };
  const batch = (packed: Hex) => {
    try {
      return unpackBatch(hexToBytes(packed));
    } catch (cause) {
      throw new NotAPostTransactionError("the batch is malformed", { cause });
    }
  };
  switch (call.functionName) {
    case "post":
      return { ...base, functionName: "post", sender: signer, viaSessionKey: false, channelId: call.args[0], wrappedCids: [hexToBytes(call.args[1])] };
    case "postBatch":
      return { ...base, functionName: "postBatch", sender: signer, viaSessionKey: false, channelId: call.args[0], wrappedCids: batch(call.args[1]) };
    case "postAs":
      return { ...base, functionName: "postAs", sender: call.args[0], viaSessionKey: true, channelId: call.args[1], wrappedCids: [hexToBytes(call.args[2])] };
    case "postBatchAs":
      return { ...base, functionName: "postBatchAs", sender: call.args[0], viaSessionKey: true, channelId: call.args[1], wrappedCids: batch(call.args[2]) };
    default:
      throw new NotAPostTransactionError(`${call.functionName} does not post a message`);
  }
}
