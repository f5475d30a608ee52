import type { Address, PublicClient } from "viem";
import { comparePositions } from "./chainMessages.js";
import { rangeLimitOf } from "./createRangeLimit.js";
import { headBlock } from "./headBlock.js";
import { pages, type PagingOptions, type RangeFetcher } from "./logPaging.js";
import { channelMessageFetcher, withTimestamps } from "./readMessages.js";
import type { BlockRange, ChainMessage, ChainPosition } from "./types.js";
import type { RetryOptions } from "./withRetry.js";

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
 * Core of readHistory over any RangeFetcher: walks backwards from `window.toBlock`, widest range
 * first (see pages), until `limit` messages are found or `window.fromBlock` is reached.
 */
export async function pageBackwards(
  fetch: RangeFetcher<ChainMessage>,
  window: HistoryCursor,
  limit: number,
  paging: PagingOptions = {},
): Promise<HistoryPage> {
  const { before } = window;
  const found: ChainMessage[] = [];
  let to = window.toBlock;
  for await (const page of pages(fetch, { fromBlock: window.fromBlock, toBlock: window.toBlock }, "backward", paging)) {
    const kept = before ? page.items.filter((message) => comparePositions(message, before) < 0) : page.items;
    found.unshift(...kept);
    to = page.range.fromBlock - 1n;
    if (found.length >= limit) break;
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
  /** A hard upper bound on the blocks of one `eth_getLogs` call (default none: what the endpoint accepts). */
  maxRange?: bigint;
  /** Add the block timestamps already known (see withTimestamps; default true: costs no request). */
  timestamps?: boolean;
  retry?: RetryOptions;
};

/** The newest `limit` messages of one channel before `before` (or the head), oldest first, with a cursor to older pages. */
export async function readHistory(client: PublicClient, params: ReadHistoryParameters): Promise<HistoryPage> {
  const { registry, channelId, fromBlock, before, limit, maxRange, timestamps = true, retry } = params;
  const window = before ?? { fromBlock, toBlock: await headBlock(client, retry) };
  const page = await pageBackwards(channelMessageFetcher(client, registry, channelId, retry), window, limit, { limit: rangeLimitOf(client), maxRange });
  return timestamps ? { ...page, messages: await withTimestamps(client, page.messages) } : page;
}
