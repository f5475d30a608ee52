import { isAddressEqual, type Address, type PublicClient } from "viem";
import { toChainMessages } from "./chainMessages.js";
import { headBlock } from "./headBlock.js";
import { fetchAllForward } from "./logPaging.js";
import { MESSAGE_EVENTS, withTimestamps } from "./readMessages.js";
import { eventTopics, registryLogFetcher, uintTopic, type RegistryLog } from "./registryLogs.js";
import type { ChainMessage } from "./types.js";
import { backoffDelay } from "./withRetry.js";

export type WatchChannelParameters = {
  registry: Address;
  channelId: bigint;
  /** First block to report; default: the block after the current head. */
  fromBlock?: bigint;
  /** Delivers new messages in chain order, each batch once. */
  onMessages: (messages: ChainMessage[]) => void | Promise<void>;
  /**
   * Also watch the epoch keys shared with this account (EpochKeyShared: added to the channel,
   * older epochs shared, a new epoch after a rotation), read by the same `eth_getLogs` call.
   */
  keysFor?: Address;
  /** The epochs of keys shared with `keysFor` in one poll, told before that poll's messages. */
  onKeysShared?: (epochs: number[]) => void | Promise<void>;
  /** Told about every failed poll (already typed, e.g. RpcUnavailableError); polling goes on with backoff. */
  onError?: (error: unknown) => void;
  /** ms between polls (default 1,000). */
  pollingInterval?: number;
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
 * Polls `eth_getLogs` for a channel's new messages (and, with `keysFor`, the keys shared with
 * that account). After a failure (node down, timeout) it retries with exponential backoff and
 * resumes from the first block it has not delivered, so nothing is skipped or delivered twice
 * across reconnections. Returns a function that stops watching.
 */
export function watchChannel(client: PublicClient, params: WatchChannelParameters): () => void {
  const { registry, channelId, onMessages, keysFor, onKeysShared, onError, pollingInterval = 1_000, maxBackoffMs = 30_000, maxRange } = params;
  const events = keysFor ? [...MESSAGE_EVENTS, "EpochKeyShared" as const] : MESSAGE_EVENTS;
  const fetch = registryLogFetcher(client, registry, [eventTopics(events), uintTopic(channelId)], { retries: 0 });
  let next = params.fromBlock;
  let failures = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const poll = async () => {
    try {
      const head = await headBlock(client, { retries: 0 });
      next ??= head + 1n;
      if (head >= next) {
        const logs = await fetchAllForward(fetch, { fromBlock: next, toBlock: head }, maxRange);
        const messages = await withTimestamps(client, toChainMessages(logs));
        const epochs = keysFor ? sharedEpochs(logs, keysFor) : [];
        next = head + 1n;
        if (epochs.length > 0 && !stopped) await onKeysShared?.(epochs);
        if (messages.length > 0 && !stopped) await onMessages(messages);
      }
      failures = 0;
    } catch (error) {
      failures++;
      onError?.(error);
    }
    if (!stopped) {
      const delay = failures === 0 ? pollingInterval : backoffDelay(failures - 1, pollingInterval, maxBackoffMs);
      timer = setTimeout(poll, delay);
    }
  };
  timer = setTimeout(poll, 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
