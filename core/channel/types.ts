import type { Address, Hex, PublicClient } from "viem";
import type { CID } from "multiformats/cid";
import type { CairnDeployment, SentTx, TxSender } from "../chain/index.js";
import type { IdentityKeyPair } from "../crypto/index.js";
import type { Attachment, Envelope } from "../envelope/index.js";
import type { BlockStore, PinningClient, UnixFsComponents } from "../ipfs/index.js";
import type { PendingAnnouncer } from "../pubsub/createPendingAnnouncer.js";
import type { PubsubRouter } from "../pubsub/createPubsubRouter.js";

/** Everything a channel action needs: chain access, the wallet, its identity key and IPFS. */
export type ChannelContext = {
  publicClient: PublicClient;
  /** Sends a transaction as data and returns its receipt (e.g. createTxSender, or a wagmi wrapper). */
  sender: TxSender;
  /** The wallet messages are attributed to. */
  account: Address;
  /** The wallet's X25519 identity key (derived from its signature). */
  identity: IdentityKeyPair;
  /** A Helia node or `{ blockstore }`: its (networked) blockstore holds and fetches blocks. */
  ipfs: UnixFsComponents;
  pinning: PinningClient;
  /**
   * Where attachments are read from (default `ipfs`): e.g. the pinning node's trustless HTTP
   * gateway in front of the Helia blockstore (createGatewayBlockstore), several times faster
   * than bitswap for big files; every block is hash-checked either way.
   */
  fileSource?: { blockstore: BlockStore };
  /**
   * Where message blocks are read from (default `ipfs`): e.g. connected peers first, then the
   * pinning node's gateway, which reads from its peered nodes (createReadSources).
   */
  messageSource?: { blockstore: BlockStore };
  /** Multiaddrs where a pin-by-CID service (no `POST /car`) can fetch this device's blocks. */
  pinOrigins?: () => string[];
  chainId: number;
  deployment: CairnDeployment;
  /**
   * Asked at each post: the sender of an active session key that posts for `account` (postAs /
   * postBatchAs), or null to post with `sender` (post / postBatch). Every other transaction goes
   * to `sender`.
   */
  sessionKey?: () => TxSender | null;
  /** Told when a post meant for the session key went to `sender` instead: the key is expired, revoked or out of funds. */
  onSessionKeyFallback?: (reason: Error) => void;
  /** A hard upper bound on the blocks of one eth_getLogs call (default none: what the endpoint accepts, see createRangeLimit). */
  maxRange?: bigint;
  /** How long to wait for one message block from the network (default 15 s). */
  blockTimeoutMs?: number;
  /** Messages decrypted in parallel (default 16). */
  concurrency?: number;
  /** The node's pubsub (createClientNode's `pubsub`): pending messages travel and arrive over it (PROTOCOL.md §16). */
  pubsub?: PubsubRouter;
  /** Publishes the pending messages of each post the node accepted (createChannelService sets it from `pubsub`). */
  announce?: PendingAnnouncer;
};

/** A file to attach: its bytes as a stream (never held whole in memory). */
export type FileInput = {
  name: string;
  mimeType?: string;
  content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
};

export type SendInput = string | { text?: string; files?: readonly FileInput[]; replyTo?: string | CID };

/**
 * `pending`: posted (its transaction went out, or may have) and not mined yet within the send's
 * bound; it is never reported as failed, and delivering it again checks the chain first.
 */
export type OutgoingStatus = "prepared" | "sending" | "pinned" | "pending" | "confirmed" | "failed";

/** The sealed form of a message: what changes when it is sealed again under a newer epoch. */
export type SealedMessage = Pick<OutgoingMessage, "id" | "epoch" | "block" | "cid" | "wrappedCid">;

/** One transaction that carried a message: how it went out, the head block before, and the message as it was sealed then. */
export type PostAttempt = { sent: SentTx; fromBlock: bigint; sealed: SealedMessage };

/**
 * A message on its way out. It is encrypted once, so retrying a failed one posts the very same
 * message; only when the channel's epoch moved on before it reached the chain is it sealed
 * again (a new block, CID, wrapped CID and id; the envelope stays).
 */
export type OutgoingMessage = {
  /** The message block's CID: the message id. */
  id: string;
  channelId: bigint;
  epoch: number;
  envelope: Envelope;
  block: Uint8Array;
  cid: CID;
  wrappedCid: Uint8Array;
  /** Attachments whose encrypted DAG is not yet with the pinning service. */
  unpinnedFiles: CID[];
  /**
   * Provisional pins made for this message (its block and files) on a service that supports
   * them (Cairn's node): confirmed once the message is on chain, otherwise dropped by the
   * service after its grace period.
   */
  provisionalPins?: ProvisionalPin[];
  status: OutgoingStatus;
  error?: Error;
  /** The transaction that carried it (`confirmed`), or the one it waits for (`pending`, when known). */
  txHash?: Hex;
  blockNumber?: bigint;
  /** Every transaction that carried it so far, oldest first: checked before it is posted again. */
  attempts: PostAttempt[];
};

/** A pin the service drops unless confirmed (`PinningClient.confirm`). */
export type ProvisionalPin = { cid: CID; requestid: string };

export type StatusListener = (message: OutgoingMessage) => void;

/**
 * Progress of an attachment's way to the pinning service: `uploading` with the CAR bytes
 * sent so far (about the file size plus < 0.1 %), then `pinning` while the service verifies,
 * stores and pins the last part, then `pinned`.
 */
export type UploadProgress = { phase: "uploading" | "pinning" | "pinned"; cid: CID; bytes: number };

/** How `deliverMessages` (send, retry) reports uploads and can be cancelled. */
export type DeliverOptions = {
  onStatus?: StatusListener;
  onUpload?: (progress: UploadProgress) => void;
  /** Cancels uploads and posting: the affected messages end `failed` with `IpfsAbortedError`. */
  signal?: AbortSignal;
};

export type MessageStatus = "confirmed" | "undecryptable" | "unavailable" | "unsupported";

/** A message read from the chain, decrypted when possible; failures are reported, never dropped. */
export type ChannelMessage = {
  /** The message block's CID when known, else `txHash:logIndex:batchIndex`. */
  id: string;
  channelId: bigint;
  sender: Address;
  /** The sender's clock (ms since epoch), from the envelope. */
  timestamp?: number;
  /** Block time (unix seconds). */
  blockTimestamp?: number;
  text?: string;
  attachments: readonly Attachment[];
  replyTo?: string;
  txHash: Hex;
  blockNumber: bigint;
  logIndex: number;
  batchIndex: number;
  epoch?: number;
  status: MessageStatus;
  error?: Error;
  /** The wrapped CID as posted, kept on a message that could not be opened so it can be opened again (reopenChainMessage). */
  wrappedCid?: Uint8Array;
};
