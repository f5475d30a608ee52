import type { Address, PublicClient } from "viem";
import { toChainMessages } from "./chainMessages.js";
import type { RangeFetcher } from "./logPaging.js";
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

/** Adds block timestamps (unix seconds) to messages, one getBlock per distinct block. */
export async function withTimestamps(client: PublicClient, messages: ChainMessage[]): Promise<ChainMessage[]> {
  const blocks = [...new Set(messages.map((message) => message.blockNumber))];
  const times = new Map(
    await Promise.all(
      blocks.map(async (blockNumber) => [blockNumber, Number((await client.getBlock({ blockNumber })).timestamp)] as const),
    ),
  );
  return messages.map((message) => ({ ...message, timestamp: times.get(message.blockNumber) }));
}
