import { isAddressEqual, type Address, type PublicClient } from "viem";
import { toChainMessages } from "./chainMessages.js";
import { createLogSync } from "./createLogSync.js";
import { headBlock } from "./headBlock.js";
import { MESSAGE_EVENTS, withTimestamps } from "./readMessages.js";
import { eventTopics, parseRegistryLogs, uintTopic, type RegistryLog } from "./registryLogs.js";
import type { ChainMessage } from "./types.js";
import { backoffDelay } from "./withRetry.js";

export type WatchChannelParameters = {
  registry: Address;
  channelId: bigint;
  /** First block to report; default: the block after the current head. */
  fromBlock?: bigint;
  /** Delivers new messages in chain order, each once (a message a reorg moved comes again after its removal). */
  onMessages: (messages: ChainMessage[]) => void | Promise<void>;
  /** Tells the messages a reorg or rollback took out of the chain (already delivered before), before that poll's new ones. */
  onRemoved?: (messages: ChainMessage[]) => void | Promise<void>;
  /**
   * Also watch the epoch keys shared with this account (EpochKeyShared: added to the channel,
   * older epochs shared, a new epoch after a rotation), read by the same `eth_getLogs` call.
   */
  keysFor?: Address;
  /** The epochs of keys shared with `keysFor` in one poll, told before that poll's messages. */
  onKeysShared?: (epochs: number[]) => void | Promise<void>;
  /** Told about every failed poll (already typed, e.g. RpcUnavailableError); polling goes on with backoff. */
  onError?: (error: unknown) => void;
  /** ms between polls (default 1,000); `"block-time"` polls at the chain's block time, measured from block timestamps. */
  pollingInterval?: number | "block-time";
  /** Upper bound of the backoff after consecutive failures, in ms (default 30,000). */
  maxBackoffMs?: number;
  maxRange?: bigint;
};

/** The epochs of the EpochKeyShared logs addressed to `account`. */
function sharedEpochs(logs: readonly RegistryLog[], account: Address): number[] {
  const epochs: number[] = [];
  for (const log of logs) if (log.eventName === "EpochKeyShared" && isAddressEqual(log.args.account, account)) epochs.push(log.args.epoch);
  return epochs;
}

/**
 * Follows a channel's new messages (and, with `keysFor`, the keys shared with that account) with
 * createLogSync: one header request per poll and one `eth_getLogs` per new head. A reorg or a
 * rollback below the delivered head is noticed by block hash: the messages it removed are told
 * (`onRemoved`) and the blocks re-read, so nothing is skipped or delivered twice. After a failure
 * (node down, timeout) it retries with exponential backoff from the first block it has not
 * delivered. Returns a function that stops watching.
 */
export function watchChannel(client: PublicClient, params: WatchChannelParameters): () => void {
  const { registry, channelId, onMessages, onRemoved, keysFor, onKeysShared, onError, pollingInterval = 1_000, maxBackoffMs = 30_000, maxRange } = params;
  const events = keysFor ? [...MESSAGE_EVENTS, "EpochKeyShared" as const] : MESSAGE_EVENTS;
  let stopped = false;
  let stopFollowing: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const follow = (fromBlock: bigint) => {
    const sync = createLogSync<RegistryLog>({ client, address: registry, events: eventTopics(events), fromBlock, decode: parseRegistryLogs, maxRange });
    sync.add(uintTopic(channelId));
    stopFollowing = sync.follow({
      pollingInterval: pollingInterval === "block-time" ? undefined : pollingInterval,
      maxBackoffMs,
      onError,
      onDelta: async ({ added, removed }) => {
        if (removed.length > 0 && !stopped) await onRemoved?.(toChainMessages(removed));
        const epochs = keysFor ? sharedEpochs(added, keysFor) : [];
        if (epochs.length > 0 && !stopped) await onKeysShared?.(epochs);
        const messages = await withTimestamps(client, toChainMessages(added));
        if (messages.length > 0 && !stopped) await onMessages(messages);
      },
    });
  };
  const start = (failures: number) => {
    if (params.fromBlock !== undefined) return follow(params.fromBlock);
    headBlock(client, { retries: 0 }).then(
      (head) => !stopped && follow(head + 1n),
      (error: unknown) => {
        onError?.(error);
        if (!stopped) timer = setTimeout(() => start(failures + 1), backoffDelay(failures, 1_000, maxBackoffMs));
      },
    );
  };
  start(0);
  return () => {
    stopped = true;
    clearTimeout(timer);
    stopFollowing?.();
  };
}
