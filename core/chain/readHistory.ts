import type { Address, PublicClient } from "viem";
import { comparePositions } from "./chainMessages.js";
import { DEFAULT_MAX_BLOCK_RANGE, fetchPage, type RangeFetcher } from "./logPaging.js";
import { channelMessageFetcher, withTimestamps } from "./readMessages.js";
import type { BlockRange, ChainMessage, ChainPosition } from "./types.js";
import { withRetry, type RetryOptions } from "./withRetry.js";

/** Where an older page continues: the blocks not read yet, and inside `toBlock` only messages before `before`. */
export type HistoryCursor = BlockRange & { before?: ChainPosition };

export type HistoryPage = {
  /** Up to `limit` messages, oldest first (chain order). */
  messages: ChainMessage[];
  /** Pass as `before` for the next older page; null when the deployment block is reached. */
  cursor: HistoryCursor | null;
};

const position = (message: ChainMessage): ChainPosition => ({
  blockNumber: message.blockNumber,
  logIndex: message.logIndex,
  batchIndex: message.batchIndex,
});

/**
 * Core of readHistory over any RangeFetcher: walks backwards from `window.toBlock` in bounded
 * ranges until `limit` messages are found or `window.fromBlock` is reached.
 */
export async function pageBackwards(
  fetch: RangeFetcher<ChainMessage>,
  window: HistoryCursor,
  limit: number,
  maxRange: bigint = DEFAULT_MAX_BLOCK_RANGE,
): Promise<HistoryPage> {
  const { before } = window;
  const found: ChainMessage[] = [];
  let to = window.toBlock;
  let size = maxRange;
  while (found.length < limit && to >= window.fromBlock) {
    const page = await fetchPage(fetch, { fromBlock: window.fromBlock, toBlock: to }, size, "backward", maxRange);
    const kept = before ? page.items.filter((message) => comparePositions(message, before) < 0) : page.items;
    found.unshift(...kept);
    to = page.range.fromBlock - 1n;
    size = page.nextSize;
  }
  found.sort(comparePositions);
  if (found.length > limit) {
    const messages = found.slice(found.length - limit);
    const oldest = messages[0];
    return { messages, cursor: { fromBlock: window.fromBlock, toBlock: oldest.blockNumber, before: position(oldest) } };
  }
  return { messages: found, cursor: to >= window.fromBlock ? { fromBlock: window.fromBlock, toBlock: to } : null };
}

export type ReadHistoryParameters = {
  registry: Address;
  channelId: bigint;
  /** The deployment block: nothing older is read. */
  fromBlock: bigint;
  /** Continue from an older page's cursor; omitted = start at the chain head. */
  before?: HistoryCursor | null;
  limit: number;
  maxRange?: bigint;
  /** Add block timestamps (one getBlock per distinct block; default true). */
  timestamps?: boolean;
  retry?: RetryOptions;
};

/** The newest `limit` messages of one channel before `before` (or the head), oldest first, with a cursor to older pages. */
export async function readHistory(client: PublicClient, params: ReadHistoryParameters): Promise<HistoryPage> {
  const { registry, channelId, fromBlock, before, limit, maxRange, timestamps = true, retry } = params;
  const window = before ?? { fromBlock, toBlock: await withRetry(() => client.getBlockNumber({ cacheTime: 0 }), retry) };
  const page = await pageBackwards(channelMessageFetcher(client, registry, channelId, retry), window, limit, maxRange);
  return timestamps ? { ...page, messages: await withTimestamps(client, page.messages) } : page;
}
