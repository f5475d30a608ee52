import type { Address } from "viem";
import { readChannelInfo } from "../chain/index.js";
import { createStorage } from "../ipfs/index.js";
import { createChainChecks } from "../pubsub/createChainChecks.js";
import type { PresenceBeat, PresenceSigner } from "../pubsub/presence.js";
import type { PendingMessage } from "../pubsub/verifyPendingMessage.js";
import { watchChannelPubsub, type ChannelPubsub } from "../pubsub/watchChannelPubsub.js";
import type { Keyring } from "./createKeyring.js";
import type { ChannelContext, ChannelMessage } from "./types.js";

/** A pending message as the app renders it: a ChannelMessage whose chain position is not known yet (block 0). */
export type ReceivedPendingMessage = ChannelMessage & { key: string; pending: PendingMessage };

export type WatchPendingOptions = {
  /** Whether a message (messageKey: sender and message id) is already pending or confirmed at the reader. */
  isKnown(key: string): boolean;
  onPending(message: ReceivedPendingMessage): void;
  onPresence?(beat: PresenceBeat, receivedAtMs: number): void;
  /** Send presence beats (signed with the session key `sessionKey` gives at each beat, if any); absent: send none. */
  presence?: { sessionKey?: () => PresenceSigner | undefined };
  /**
   * The reader's own channel state (e.g. the tab's chain index): whether it lists `account` as a
   * member now. A yes saves the isMember read; anything else asks the registry.
   */
  knownMember?(account: Address): boolean;
};

/** The message fields of a verified pending message; its block goes into the local store, so its chain copy opens without a fetch. */
function toChannelMessage(channelId: bigint, message: PendingMessage): ReceivedPendingMessage {
  const { envelope, transaction } = message;
  return {
    id: message.cid.toString(),
    key: message.key,
    channelId,
    sender: transaction.sender,
    timestamp: envelope.timestamp,
    text: envelope.text,
    attachments: envelope.attachments,
    replyTo: envelope.replyTo?.toString(),
    txHash: transaction.hash,
    blockNumber: 0n,
    logIndex: 0,
    batchIndex: message.batchIndex,
    epoch: message.epoch,
    status: "confirmed",
    pending: message,
  };
}

/**
 * The receiving half of pending messages for one channel service (PROTOCOL.md §16): joins the
 * topic of the channel's current epoch once this account holds its key, moves to the next
 * topic when a new key is found, and hands on verified, decrypted pending messages and presence
 * beats. Null without a pubsub router in the context.
 */
export function watchPendingMessages(context: ChannelContext, keyring: Keyring, channelId: bigint, options: WatchPendingOptions): ChannelPubsub | null {
  const router = context.pubsub;
  if (!router) return null;
  const registry = context.deployment.channelRegistry;
  const storage = createStorage(context.ipfs);
  const chain = createChainChecks(context.publicClient, registry);
  const checks = {
    ...chain,
    isMember: (id: bigint, account: Address) => (id === channelId && options.knownMember?.(account)) || chain.isMember(id, account),
  };
  const watcher = watchChannelPubsub({
    router,
    chainId: context.chainId,
    registry,
    channelId,
    account: context.account,
    checks,
    async currentEpoch() {
      const epoch = Number((await readChannelInfo(context.publicClient, { registry, channelId })).epoch);
      const key = await keyring.key(epoch).catch(() => undefined);
      return key && { epoch, key };
    },
    isKnown: options.isKnown,
    onPending(message) {
      void storage.putBlock(message.block).catch(() => undefined);
      options.onPending(toChannelMessage(channelId, message));
    },
    onPresence: options.onPresence,
    presence: options.presence,
  });
  const refresh = () => void watcher.refresh().catch(() => undefined);
  const stopKeys = keyring.onKeys(refresh);
  refresh();
  return {
    ...watcher,
    async stop() {
      stopKeys();
      await watcher.stop();
    },
  };
}
