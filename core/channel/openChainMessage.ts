import { positionKey, type ChainMessage } from "../chain/index.js";
import { unwrapCid, UnknownVersionError, wrappedCidEpoch } from "../crypto/index.js";
import { openMessage } from "../message/index.js";
import { BlockNotFoundError, BlockUnavailableError, type CairnStorage } from "../ipfs/index.js";
import type { ChannelMessage, MessageStatus } from "./types.js";
import { toError } from "./toError.js";

export type OpenChainMessageContext = {
  chainId: number;
  registry: `0x${string}`;
  /** The channel key of an epoch (e.g. a Keyring's `key`). */
  keyFor: (epoch: number) => Promise<Uint8Array>;
  storage: CairnStorage;
  blockTimeoutMs: number;
};

/** The status a failure gives a message: unknown format versions are "unsupported", missing blocks "unavailable". */
export function statusOf(error: unknown): MessageStatus {
  if (error instanceof UnknownVersionError) return "unsupported";
  if (error instanceof BlockNotFoundError || error instanceof BlockUnavailableError) return "unavailable";
  return "undecryptable";
}

/**
 * Unwraps, fetches and decrypts one chain message. Never throws: a message that cannot be read
 * comes back with its status, a typed error and its chain coordinates.
 */
export async function openChainMessage(context: OpenChainMessageContext, message: ChainMessage): Promise<ChannelMessage> {
  const base = {
    id: positionKey(message),
    channelId: message.channelId,
    sender: message.sender,
    blockTimestamp: message.timestamp,
    attachments: [],
    txHash: message.txHash,
    blockNumber: message.blockNumber,
    logIndex: message.logIndex,
    batchIndex: message.batchIndex,
  };
  const scope = { chainId: context.chainId, registry: context.registry, channelId: message.channelId, sender: message.sender };
  let id = base.id;
  let epoch: number | undefined;
  try {
    epoch = wrappedCidEpoch(message.wrappedCid);
    const key = await context.keyFor(epoch);
    const { cid } = await unwrapCid({ ...scope, wrappedCid: message.wrappedCid, key });
    id = cid.toString();
    const block = await context.storage.getBlock(cid, { timeoutMs: context.blockTimeoutMs });
    const envelope = await openMessage({ ...scope, epoch, key, block });
    return {
      ...base,
      id,
      epoch,
      timestamp: envelope.timestamp,
      text: envelope.text,
      attachments: envelope.attachments,
      replyTo: envelope.replyTo?.toString(),
      status: "confirmed",
    };
  } catch (error) {
    return { ...base, id, epoch, status: statusOf(error), error: toError(error), wrappedCid: message.wrappedCid };
  }
}

/**
 * Opens again a message that could not be opened (e.g. its epoch key arrived since), from the
 * wrapped CID it kept; a message without one (opened, or not from openChainMessage) comes back as is.
 */
export function reopenChainMessage(context: OpenChainMessageContext, message: ChannelMessage): Promise<ChannelMessage> {
  const { wrappedCid, channelId, sender, txHash, blockNumber, logIndex, batchIndex, blockTimestamp } = message;
  if (!wrappedCid) return Promise.resolve(message);
  return openChainMessage(context, { channelId, sender, wrappedCid, txHash, blockNumber, logIndex, batchIndex, timestamp: blockTimestamp });
}
