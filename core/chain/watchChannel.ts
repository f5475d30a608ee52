import type { Address, PublicClient } from "viem";
import { headBlock } from "./headBlock.js";
import { fetchAllForward } from "./logPaging.js";
import { channelMessageFetcher, withTimestamps } from "./readMessages.js";
import type { ChainMessage } from "./types.js";
import { backoffDelay } from "./withRetry.js";

export type WatchChannelParameters = {
  registry: Address;
  channelId: bigint;
  /** First block to report; default: the block after the current head. */
  fromBlock?: bigint;
  /** Delivers new messages in chain order, each batch once. */
  onMessages: (messages: ChainMessage[]) => void | Promise<void>;
  /** Told about every failed poll (already typed, e.g. RpcUnavailableError); polling goes on with backoff. */
  onError?: (error: unknown) => void;
  /** ms between polls (default 1,000). */
  pollingInterval?: number;
  /** Upper bound of the backoff after consecutive failures, in ms (default 30,000). */
  maxBackoffMs?: number;
  maxRange?: bigint;
};

/**
 * Polls `eth_getLogs` for a channel's new messages. After a failure (node down, timeout) it retries
 * with exponential backoff and resumes from the first block it has not delivered, so nothing is
 * skipped or delivered twice across reconnections. Returns a function that stops watching.
 */
export function watchChannel(client: PublicClient, params: WatchChannelParameters): () => void {
  const { registry, channelId, onMessages, onError, pollingInterval = 1_000, maxBackoffMs = 30_000, maxRange } = params;
  const fetch = channelMessageFetcher(client, registry, channelId, { retries: 0 });
  let next = params.fromBlock;
  let failures = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const poll = async () => {
    try {
      const head = await headBlock(client, { retries: 0 });
      next ??= head + 1n;
      if (head >= next) {
        const messages = await withTimestamps(client, await fetchAllForward(fetch, { fromBlock: next, toBlock: head }, maxRange));
        next = head + 1n;
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
