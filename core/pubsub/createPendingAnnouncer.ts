import { TransactionNotFoundError, type Hex, type PublicClient } from "viem";
import type { BroadcastTx } from "../chain/types.js";
import type { DeploymentContext } from "../crypto/types.js";
import { sleep } from "../ipfs/sleep.js";
import { channelTopic } from "./channelTopic.js";
import type { PubsubRouter } from "./createPubsubRouter.js";
import { markDelivery } from "./markDelivery.js";
import { encodePendingMessage } from "./pendingMessageCodec.js";
import { rebuildSignedTransaction } from "./rebuildSignedTransaction.js";

/** One message of a post: its epoch, wrapped CID and block (an OutgoingMessage has them all). */
export type AnnouncedMessage = { epoch: number; wrappedCid: Uint8Array; block: Uint8Array };

/** A transaction that the RPC node holds, and the messages of one channel it posts. */
export type AnnouncedPost = { channelId: bigint; messages: readonly AnnouncedMessage[]; tx: BroadcastTx };

/** Publishes the pending messages of a post; never rejects (the chain delivers them anyway). */
export type PendingAnnouncer = (post: AnnouncedPost) => Promise<void>;

export type PendingAnnouncerParameters = DeploymentContext & {
  router: PubsubRouter;
  publicClient: PublicClient;
  /** The key of a channel epoch (the sender holds the key of what it sealed). */
  keyFor(channelId: bigint, epoch: number): Promise<Uint8Array>;
  /** How long a wallet-sent transaction is looked for at the RPC node (default 5 s). */
  readBackMs?: number;
  /** Told when nothing could be published (the messages still arrive through the chain). */
  onError?: (error: unknown) => void;
};

const READ_BACK_INTERVAL_MS = 200;

/** The signed bytes of a transaction a wallet sent: read back by hash, polling while the node does not know it yet. */
async function signedBytes(publicClient: PublicClient, tx: BroadcastTx, readBackMs: number): Promise<Hex> {
  if (tx.serialized) return tx.serialized;
  const until = Date.now() + readBackMs;
  for (;;) {
    try {
      return rebuildSignedTransaction(await publicClient.getTransaction({ hash: tx.hash }));
    } catch (error) {
      if (!(error instanceof TransactionNotFoundError) || Date.now() >= until) throw error;
      await sleep(READ_BACK_INTERVAL_MS);
    }
  }
}

/**
 * The sender's half of pending messages (PROTOCOL.md §16.3, Sending): once the RPC node holds a
 * post, each of its messages travels on the channel epoch's topic as its own pending message with
 * the signed transaction: the bytes signed here, or, for a wallet that returned only a hash, the
 * transaction read back and serialized again (rebuildSignedTransaction checks it hashes to the
 * hash). Anything that fails leaves the messages to the chain.
 */
export function createPendingAnnouncer(parameters: PendingAnnouncerParameters): PendingAnnouncer {
  const { router, publicClient, chainId, registry, keyFor, readBackMs = 5_000, onError } = parameters;
  return async ({ channelId, messages, tx }) => {
    markDelivery("send-broadcast");
    try {
      const transaction = await signedBytes(publicClient, tx, readBackMs);
      markDelivery("send-signed");
      await Promise.all(
        messages.map(async ({ epoch, wrappedCid, block }) => {
          const topic = channelTopic({ chainId, registry, channelId, epoch, key: await keyFor(channelId, epoch) });
          await router.publish(topic, encodePendingMessage({ transaction, wrappedCid, block }));
        }),
      );
      markDelivery("send-published");
    } catch (error) {
      onError?.(error);
    }
  };
}
