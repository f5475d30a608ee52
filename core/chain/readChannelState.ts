import type { Address, PublicClient } from "viem";
import { reduceChannelState, type ChannelState } from "./channelState.js";
import { rangeLimitOf } from "./createRangeLimit.js";
import { headBlock } from "./headBlock.js";
import { fetchAllForward } from "./logPaging.js";
import { STATE_EVENTS, eventTopics, registryLogFetcher, uintTopic } from "./registryLogs.js";
import type { RegistryReadParameters } from "./types.js";
import type { RetryOptions } from "./withRetry.js";

/**
 * Rebuilds a channel's state from its logs (everything but messages): admin, visibility, metadata,
 * members with the epoch they joined in, former members, and the epoch keys `account` can open.
 * Throws ChannelNotFoundError when no such channel was created.
 */
export async function readChannelState(
  client: PublicClient,
  params: RegistryReadParameters & { channelId: bigint; account?: Address; retry?: RetryOptions },
): Promise<ChannelState> {
  const { registry, fromBlock, maxRange, channelId, account, retry } = params;
  const fetch = registryLogFetcher(client, registry, [eventTopics(STATE_EVENTS), uintTopic(channelId)], retry);
  const logs = await fetchAllForward(fetch, { fromBlock, toBlock: await headBlock(client, retry) }, { limit: rangeLimitOf(client), maxRange });
  return reduceChannelState(channelId, logs, account);
}
