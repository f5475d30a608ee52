import type { Address, PublicClient } from "viem";
import { rangeLimitOf } from "./createRangeLimit.js";
import { pages } from "./logPaging.js";
import { eventTopics, registryLogFetcher, uintTopic, type RegistryLog } from "./registryLogs.js";
import type { RetryOptions } from "./withRetry.js";

/** What one step back in a channel's history found: its logs, and what is known after it. */
export type OlderMessages = {
  /** The channel's Posted, BatchPosted and MessagesLinked logs of the blocks read, in chain order. */
  logs: RegistryLog[];
  /** Every message of the channel from this block on is known now. */
  knownFrom: bigint;
  /** The pointer of the newest message window that may hold messages below `knownFrom` (0: none). */
  window: bigint;
};

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/**
 * One read back in a channel's message history, below the blocks whose messages are known
 * (`knownFrom`): one `eth_getLogs` ending at the newest block that may hold an older message (the
 * end of window `window`, or `knownFrom` − 1), as wide as the endpoint accepts. The oldest window
 * link read (MessagesLinked: the first message of its window, naming the window before) proves
 * the blocks down to that window empty, so what is known grows past the empty windows at once.
 */
export async function readOlderMessages(
  client: PublicClient,
  params: {
    registry: Address;
    channelId: bigint;
    knownFrom: bigint;
    window: bigint;
    windowBlocks: bigint;
    /** No log is older (the deployment block). */
    fromBlock: bigint;
    maxRange?: bigint;
    retry?: RetryOptions;
  },
): Promise<OlderMessages> {
  const { registry, channelId, knownFrom, window, windowBlocks, fromBlock } = params;
  if (window === 0n || knownFrom <= fromBlock) return { logs: [], knownFrom: fromBlock, window: 0n };
  const end = min(knownFrom - 1n, window * windowBlocks - 1n);
  const fetch = registryLogFetcher(client, registry, [eventTopics(["Posted", "BatchPosted", "MessagesLinked"]), uintTopic(channelId)], params.retry);
  const reader = pages(fetch, { fromBlock, toBlock: end }, "backward", { limit: rangeLimitOf(client), maxRange: params.maxRange });
  const first = await reader.next();
  await reader.return(undefined);
  const page = first.done ? undefined : first.value;
  if (!page) return { logs: [], knownFrom: fromBlock, window: 0n };
  const oldest = page.items.find((log) => log.eventName === "MessagesLinked");
  if (oldest?.eventName !== "MessagesLinked") return { logs: page.items, knownFrom: page.range.fromBlock, window };
  const previous = BigInt(oldest.args.previousWindow);
  const emptyFrom = previous === 0n ? fromBlock : max(fromBlock, previous * windowBlocks);
  return { logs: page.items, knownFrom: min(page.range.fromBlock, emptyFrom), window: previous };
}
