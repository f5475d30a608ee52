import type { Address, PublicClient } from "viem";
import { reduceMemberships } from "./channelState.js";
import { rangeLimitOf } from "./createRangeLimit.js";
import { headBlock } from "./headBlock.js";
import { fetchAllForward } from "./logPaging.js";
import { compareLogs } from "./logFetcher.js";
import { addressTopic, eventTopic, eventTopics, registryLogFetcher } from "./registryLogs.js";
import type { RegistryReadParameters } from "./types.js";
import type { RetryOptions } from "./withRetry.js";

/** Events whose second indexed topic is the account they concern. */
const ACCOUNT_EVENTS = ["ChannelCreated", "DirectChannelCreated", "MemberJoined", "MemberAdded", "MemberRemoved", "MemberLeft"] as const;

/** Ids of the channels `account` is a member of now, ascending, from the membership logs. */
export async function listChannels(
  client: PublicClient,
  params: RegistryReadParameters & { account: Address; retry?: RetryOptions },
): Promise<bigint[]> {
  const { registry, fromBlock, maxRange, account, retry } = params;
  const range = { fromBlock, toBlock: await headBlock(client, retry) };
  const who = addressTopic(account);
  const paging = { limit: rangeLimitOf(client), maxRange };
  const [asAccount, asPeer] = await Promise.all([
    fetchAllForward(registryLogFetcher(client, registry, [eventTopics(ACCOUNT_EVENTS), null, who], retry), range, paging),
    fetchAllForward(registryLogFetcher(client, registry, [eventTopic("DirectChannelCreated"), null, null, who], retry), range, paging),
  ]);
  return reduceMemberships([...asAccount, ...asPeer].sort(compareLogs), account);
}
