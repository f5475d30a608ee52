import { readChannelInfo, readHistory, watchChannel, type ChainMessage, type HistoryCursor } from "../chain/index.js";
import { decryptFileStream } from "../crypto/index.js";
import type { Attachment } from "../envelope/index.js";
import { catFileStream, createStorage } from "../ipfs/index.js";
import type { Address, TransactionReceipt } from "viem";
import { addMember } from "./addMember.js";
import { awaitsKey } from "./awaitsKey.js";
import { checkDeclaredSize } from "./checkDeclaredSize.js";
import { createKeyring } from "./createKeyring.js";
import { rotateChannelKey } from "./rotateChannelKey.js";
import { resealChangedKeys, type ResealResult } from "./resealChangedKeys.js";
import { shareEpochKeys } from "./shareEpochKeys.js";
import { describeChannel, type ChannelDetails } from "./describeChannel.js";
import { dedupeMessages, firstCopyFilter } from "./dedupeMessages.js";
import { deliverMessages, type CurrentEpoch } from "./deliverMessages.js";
import pMap from "p-map";
import { openChainMessage, reopenChainMessage } from "./openChainMessage.js";
import { prepareMessage, type PrepareOptions } from "./prepareMessage.js";
import type { SealTarget } from "./sealEnvelope.js";
import { createPendingAnnouncer } from "../pubsub/createPendingAnnouncer.js";
import { markDelivery } from "../pubsub/markDelivery.js";
import type { ChannelPubsub } from "../pubsub/watchChannelPubsub.js";
import { watchPendingMessages, type WatchPendingOptions } from "./watchPendingMessages.js";
import type { ChannelContext, ChannelMessage, DeliverOptions, OutgoingMessage, SendInput } from "./types.js";

/** How long one read of the channel's epoch serves (see currentEpoch). */
const EPOCH_REUSE_MS = 2_000;

/** Progress of encryption (`onFileProgress`), upload (`onUpload`) and status; `signal` cancels any of them. */
export type SendOptions = PrepareOptions & DeliverOptions;

export type ChannelService = {
  channelId: bigint;
  /** Encrypts a message and stores its block locally, without sending it: deliver it later with `retry`. */
  prepare(input: SendInput, options?: PrepareOptions): Promise<OutgoingMessage>;
  /**
   * Encrypts, pins and posts one message; resolves with it `confirmed`, `pending` (sent, not
   * mined within the sender's bound) or `failed` (never rejects for delivery errors).
   */
  send(input: SendInput, options?: SendOptions): Promise<OutgoingMessage>;
  /** The same for several messages, posted with postBatch (≤ 100 per transaction). */
  sendBatch(inputs: readonly SendInput[], options?: SendOptions): Promise<readonly OutgoingMessage[]>;
  /**
   * Delivers prepared, failed or pending messages (again): what reached the chain meanwhile is
   * confirmed, not posted twice; the same bytes and ids, unless the channel's epoch moved on
   * (then sealed again under the current one).
   */
  retry(messages: OutgoingMessage | readonly OutgoingMessage[], options?: DeliverOptions): Promise<readonly OutgoingMessage[]>;
  /**
   * The newest `limit` messages before `before` (or the head), oldest first, each message once
   * (dedupeMessages), with a cursor to older ones.
   */
  history(params: { before?: HistoryCursor | null; limit: number }): Promise<{ messages: ChannelMessage[]; cursor: HistoryCursor | null }>;
  /**
   * Delivers each new message (decrypted or with its failure status) in chain order, each
   * message once (a repeated copy is skipped); returns
   * unsubscribe. While subscribed, keys shared with this account are picked up too (see `onKeys`).
   */
  subscribe(
    onMessage: (message: ChannelMessage) => void,
    options?: {
      onError?: (error: unknown) => void;
      /** The messages a reorg or rollback took out of the chain after they were delivered (match them by txHash, logIndex, batchIndex). */
      onRemoved?: (removed: ChainMessage[]) => void;
      pollingInterval?: number | "block-time";
      fromBlock?: bigint;
    },
  ): () => void;
  /**
   * Tells `listener` the epochs whose keys this account gained (read for the first time, added to
   * the channel, older epochs shared, a rotation); returns a function that stops the notifications.
   */
  onKeys(listener: (epochs: number[]) => void): () => void;
  /** Reads the channel's keys again now (a key was shared or rotated, as seen in logs read elsewhere); `onKeys` tells what is new. */
  refreshKeys(): Promise<void>;
  /**
   * Pending messages and presence over pubsub (PROTOCOL.md §16): the channel's topic, verified
   * messages and beats as they arrive. Null when the context has no pubsub.
   */
  watchPending(options: WatchPendingOptions): ChannelPubsub | null;
  /** Opens messages read elsewhere (e.g. from a chain index): fetched, decrypted and checked, or with their failure status; in the given order. */
  open(messages: readonly ChainMessage[]): Promise<ChannelMessage[]>;
  /** The messages among `messages` that wait for an epoch key this account holds now: `reopen` can open them. */
  reopenable(messages: readonly ChannelMessage[]): ChannelMessage[];
  /**
   * Opens again the messages that wait for a key held now (the others are skipped, nothing is
   * read for them); resolves with each result keyed by the message's former id.
   */
  reopen(messages: readonly ChannelMessage[]): Promise<Map<string, ChannelMessage>>;
  /** Streams an attachment's plaintext, verifying every block and chunk and the size its message declares (DownloadSizeMismatchError). */
  download(attachment: Attachment, options?: { onProgress?: (encryptedBytes: number) => void; signal?: AbortSignal }): AsyncGenerator<Uint8Array>;
  /**
   * Adds a member (admin only), sealing the current key to its published key on private channels;
   * with `shareHistory`, also the older epoch keys this account holds (a second transaction).
   */
  addMember(account: Address, options?: { shareHistory?: boolean }): Promise<TransactionReceipt>;
  /** Shares the keys of the epochs before `account` joined with it (admin only); null when there are none. */
  shareEpochKeys(account: Address): Promise<TransactionReceipt | null>;
  /** Removes a member (admin only); a private channel moves to a new key the removed member never gets. */
  removeMember(account: Address): Promise<TransactionReceipt>;
  /**
   * Starts a new key epoch for the current members (private channels): the admin; any member
   * after someone left (`rekeyRequired`); either member of a 1:1 channel.
   */
  rotateKey(): Promise<TransactionReceipt>;
  /** Seals the keys again to members whose published key changed since (admin only; see resealChangedKeys). */
  resealChangedKeys(): Promise<ResealResult>;
  /** Channel state with its decoded metadata. */
  details(): Promise<ChannelDetails>;
};

/** One channel, end to end: encrypt + pin + post on the way out; read + fetch + decrypt on the way in. */
export function createChannelService(context: ChannelContext & { channelId: bigint }): ChannelService {
  const { channelId, publicClient, deployment } = context;
  const registry = deployment.channelRegistry;
  const keyring = createKeyring(context, channelId);
  const sendContext: ChannelContext = context.pubsub
    ? {
        ...context,
        announce: createPendingAnnouncer({
          router: context.pubsub,
          publicClient,
          chainId: context.chainId,
          registry,
          keyFor: (_, epoch) => keyring.key(epoch),
        }),
      }
    : context;
  const openContext = {
    chainId: context.chainId,
    registry,
    keyFor: keyring.key,
    storage: createStorage(context.messageSource ?? context.ipfs),
    blockTimeoutMs: context.blockTimeoutMs ?? 15_000,
  };
  const concurrency = context.concurrency ?? 16;
  const open = (messages: readonly ChainMessage[]) =>
    pMap(messages, (message) => openChainMessage(openContext, message), { concurrency });

  /**
   * The channel's epoch with its key. A read serves again for EPOCH_REUSE_MS (preparing a message
   * and checking it just before it is posted cost one read); `fresh` reads anew (after the
   * registry refused a post as sealed under a stale epoch).
   */
  let lastRead: { at: number; target: Promise<SealTarget> } | undefined;
  const currentEpoch: CurrentEpoch = ({ fresh = false } = {}) => {
    if (!fresh && lastRead && Date.now() - lastRead.at < EPOCH_REUSE_MS) return lastRead.target;
    const target = (async () => {
      const epoch = Number((await readChannelInfo(publicClient, { registry, channelId })).epoch);
      return { channelId, epoch, key: await keyring.key(epoch) };
    })();
    const read = { at: Date.now(), target };
    lastRead = read;
    target.catch(() => {
      if (lastRead === read) lastRead = undefined;
    });
    return target;
  };
  const prepareAll = async (inputs: readonly SendInput[], options: PrepareOptions) => {
    const target = await currentEpoch();
    const prepared: OutgoingMessage[] = [];
    for (const input of inputs) prepared.push(await prepareMessage(context, target, input, options));
    markDelivery("send-prepared");
    return prepared;
  };

  const service: ChannelService = {
    channelId,
    async prepare(input, options = {}) {
      const [message] = await prepareAll([input], options);
      return message;
    },
    async send(input, options = {}) {
      const [message] = await service.sendBatch([input], options);
      return message;
    },
    async sendBatch(inputs, options = {}) {
      return deliverMessages(sendContext, await prepareAll(inputs, options), options, currentEpoch);
    },
    async retry(messages, options = {}) {
      return deliverMessages(sendContext, Array.isArray(messages) ? messages : [messages as OutgoingMessage], options, currentEpoch);
    },
    async history({ before, limit }) {
      const page = await readHistory(publicClient, {
        registry,
        channelId,
        fromBlock: deployment.fromBlock,
        maxRange: context.maxRange,
        before,
        limit,
      });
      return { messages: dedupeMessages(await open(page.messages)), cursor: page.cursor };
    },
    subscribe(onMessage, options = {}) {
      const firstCopy = firstCopyFilter();
      return watchChannel(publicClient, {
        registry,
        channelId,
        fromBlock: options.fromBlock,
        pollingInterval: options.pollingInterval,
        maxRange: context.maxRange,
        onError: options.onError,
        onRemoved: options.onRemoved,
        keysFor: context.account,
        onKeysShared: () => service.refreshKeys(),
        onMessages: async (messages) => {
          for (const message of await open(messages)) if (firstCopy(message)) onMessage(message);
        },
      });
    },
    open,
    onKeys: keyring.onKeys,
    async refreshKeys() {
      await keyring.state({ maxAgeMs: 0 });
    },
    watchPending: (options) => watchPendingMessages(context, keyring, channelId, options),
    reopenable: (messages) => messages.filter((message) => awaitsKey(message) && keyring.holds(message.epoch)),
    async reopen(messages) {
      const ready = service.reopenable(messages);
      const opened = await pMap(ready, (message) => reopenChainMessage(openContext, message), { concurrency });
      return new Map(ready.map((message, index) => [message.id, opened[index]]));
    },
    async *download(attachment, options = {}) {
      const source = context.fileSource ?? context.ipfs;
      const encrypted = catFileStream(source, attachment.cid, { onProgress: options.onProgress, signal: options.signal });
      yield* checkDeclaredSize(decryptFileStream(encrypted, { key: attachment.key, chunkSize: attachment.chunkSize }), attachment.size);
    },
    async addMember(account, options = {}) {
      const receipt = await addMember(context, keyring, { channelId, account });
      if (options.shareHistory) await shareEpochKeys(context, keyring, { channelId, account });
      return receipt;
    },
    shareEpochKeys(account) {
      return shareEpochKeys(context, keyring, { channelId, account });
    },
    removeMember(account) {
      return rotateChannelKey(context, keyring, { channelId, removing: account });
    },
    rotateKey() {
      return rotateChannelKey(context, keyring, { channelId });
    },
    resealChangedKeys() {
      return resealChangedKeys(context, keyring, { channelId });
    },
    details() {
      return describeChannel(keyring, { chainId: context.chainId, registry, channelId });
    },
  };
  return service;
}
