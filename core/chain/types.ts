import type { Address, Hex, TransactionReceipt } from "viem";

/** A transaction as data (no UI text: its calldata says what it does): the UI or CLI only asks a wallet to send it. */
export type TxRequest = {
  to: Address;
  data: Hex;
  value?: bigint;
};

/** A transaction as far as it went out: its sender and nonce, and its hash once known. */
export type SentTx = { from: Address; nonce: number; hash?: Hex };

export type TxSendOptions = {
  /**
   * An earlier attempt this send replaces: when it is from the same account, its nonce is
   * reused, so that at most one of the two can ever be mined.
   */
  replaces?: SentTx;
  /** Told as soon as the transaction may reach the chain (nonce chosen; again once the hash is known). */
  onSent?: (sent: SentTx) => void;
  /**
   * Told once the RPC node accepted the transaction (or the wallet returned its hash), with the
   * signed bytes when they were signed here: what a pending message over pubsub carries.
   */
  onBroadcast?: (sent: BroadcastTx) => void;
  /**
   * Told when a transaction signed here goes to the RPC node, with its signed bytes, before the
   * node answers (it may still refuse it, e.g. a nonce taken meanwhile: then the send signs again
   * and tells again).
   */
  onSigned?: (signed: BroadcastTx & { serialized: Hex }) => void;
};

/** A transaction the RPC node holds: its hash, and its signed bytes when the client signed it itself. */
export type BroadcastTx = SentTx & { hash: Hex; serialized?: Hex };

/**
 * Sends a transaction as data and resolves with its (successful) receipt. A send that went out
 * but is not known to be mined rejects with a TransactionInFlightError, never as failed.
 */
export type TxSender = (tx: TxRequest, options?: TxSendOptions) => Promise<TransactionReceipt>;

/** Bytes as hex or raw. */
export type BytesLike = Hex | Uint8Array;

/** Where the Cairn contracts live on one chain (the shape of `deployments[chainId]`). */
export type CairnDeployment = {
  keyDirectory: Address;
  channelRegistry: Address;
  /** The block the contracts were deployed in: no Cairn log is older. */
  fromBlock: bigint;
};

/** A position in the chain's message order. */
export type ChainPosition = { blockNumber: bigint; logIndex: number; batchIndex: number };

/** One message as the chain indexes it: an opaque wrapped CID from a sender. */
export type ChainMessage = ChainPosition & {
  channelId: bigint;
  /** The wallet the message is attributed to (also when a session key posted it). */
  sender: Address;
  wrappedCid: Uint8Array;
  txHash: Hex;
  /** Block time in unix seconds, when it was read. */
  timestamp?: number;
};

/** An inclusive block range. */
export type BlockRange = { fromBlock: bigint; toBlock: bigint };

/** What every log reader needs to know about the registry. */
export type RegistryReadParameters = {
  registry: Address;
  /** The deployment block: nothing older is read. */
  fromBlock: bigint;
  /** A hard upper bound on the blocks of one `eth_getLogs` call (default none: the whole window first, then what the endpoint accepts). */
  maxRange?: bigint;
};
