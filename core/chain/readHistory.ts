import type { Address, PublicClient } from "viem";
import { toChainMessages } from "./chainMessages.js";
import { comparePositions } from "./comparePositions.js";
import { withTimestamps } from "./readMessages.js";
import type { ChainMessage, ChainPosition } from "./types.js";
import { walkRegistryChain } from "./walkRegistryChain.js";
import type { RetryOptions } from "./withRetry.js";

/** Where an older page continues: the message window to read next (its pointer), and inside it only messages before `before`. */
export type HistoryCursor = { window: bigint; before?: ChainPosition };

export type HistoryPage = {
  /** Up to `limit` messages, oldest first (chain order). */
  messages: ChainMessage[];
  /** Pass as `before` for the next older page; null when the channel's first message is reached. */
  cursor: HistoryCursor | null;
};

export type ReadHistoryParameters = {
  registry: Address;
  channelId: bigint;
  /** The deployment block: nothing older is read. */
  fromBlock: bigint;
  /** Continue from an older page's cursor; omitted = start at the newest message. */
  before?: HistoryCursor | null;
  limit: number;
  /** A hard upper bound on the blocks of one `eth_getLogs` call (default none: what the endpoint accepts). */
  maxRange?: bigint;
  /** The registry's `windowBlocks` when known (else read). */
  windowBlocks?: bigint;
  /** Add the block timestamps already known (see withTimestamps; default true: costs no request). */
  timestamps?: boolean;
  retry?: RetryOptions;
};

/**
 * The newest `limit` messages of one channel before `before` (or the newest), oldest first, with a
 * cursor to older pages, through the channel's message chain: one read per window that holds
 * messages (as wide as the endpoint accepts), none of the empty windows between.
 */
export async function readHistory(client: PublicClient, params: ReadHistoryParameters): Promise<HistoryPage> {
  const { channelId, before, limit, timestamps = true } = params;
  const found: ChainMessage[] = [];
  let cursor: HistoryCursor | null = null;
  for await (const link of walkRegistryChain(client, { ...params, chain: { kind: "messages", channelId, from: before?.window } })) {
    const inWindow = toChainMessages(link.logs).filter((message) => !before?.before || link.pointer !== before.window || comparePositions(message, before.before) < 0);
    const wanted = limit - found.length;
    if (inWindow.length > wanted) {
      const kept = inWindow.slice(inWindow.length - wanted);
      found.unshift(...kept);
      cursor = { window: link.pointer, before: kept[0] };
      break;
    }
    found.unshift(...inWindow);
    cursor = link.previous === 0n ? null : { window: link.previous };
    if (found.length >= limit) break;
  }
  return { messages: timestamps ? await withTimestamps(client, found) : found, cursor };
}
