import type { Address, PublicClient } from "viem";
import { blockTimesOf } from "./blockTimes.js";
import { toChainMessages } from "./chainMessages.js";
import type { RangeFetcher } from "./logPaging.js";
import { readBlockHeader } from "./readBlockHeader.js";
import { eventTopics, registryLogFetcher, uintTopic } from "./registryLogs.js";
import type { ChainMessage } from "./types.js";
import type { RetryOptions } from "./withRetry.js";

/** The registry events that carry messages. */
export const MESSAGE_EVENTS = ["Posted", "BatchPosted"] as const;

/** A RangeFetcher of the messages (Posted + expanded BatchPosted) of one channel, in chain order. */
export function channelMessageFetcher(
  client: PublicClient,
  registry: Address,
  channelId: bigint,
  retry?: RetryOptions,
): RangeFetcher<ChainMessage> {
  const fetchLogs = registryLogFetcher(client, registry, [eventTopics(MESSAGE_EVENTS), uintTopic(channelId)], retry);
  return async (range) => toChainMessages(await fetchLogs(range));
}

/**
 * Adds block timestamps (unix seconds) to messages without costing a request per message: a
 * message keeps the time its log carried (nodes that send `blockTimestamp`), else takes it from
 * the headers this client has already read (blockTimesOf: the live watcher's heads), and at most
 * `fetchBlocks` other blocks are read (default 0). A message left without one is shown with its
 * envelope's timestamp (every opened message has it); block time only matters for messages that
 * could not be opened. Header reads retry and fail with the typed RPC errors.
 */
export async function withTimestamps(
  client: PublicClient,
  messages: ChainMessage[],
  options: { fetchBlocks?: number; retry?: RetryOptions } = {},
): Promise<ChainMessage[]> {
  const times = blockTimesOf(client);
  for (const message of messages) if (message.timestamp !== undefined) times.set(message.blockNumber, message.timestamp);
  const missing = [...new Set(messages.filter((message) => times.get(message.blockNumber) === undefined).map((message) => message.blockNumber))];
  const fetched = await Promise.all(missing.slice(0, options.fetchBlocks ?? 0).map((block) => readBlockHeader(client, block, options.retry)));
  for (const header of fetched) times.set(header.number, header.timestamp);
  return messages.map((message) => {
    const timestamp = times.get(message.blockNumber);
    return timestamp === undefined ? message : { ...message, timestamp };
  });
}
