import { createRangeLimit, type RangeLimit } from "./createRangeLimit.js";
import { LogRangeTooLargeError, RpcUnavailableError } from "./errors.js";
import { logRefusal } from "./logRefusal.js";
import type { BlockRange } from "./types.js";

/** Fetches the items (logs, messages) of one inclusive block range. */
export type RangeFetcher<T> = (range: BlockRange) => Promise<T[]>;

export type PageDirection = "forward" | "backward";

export type PagingOptions = {
  /** What the endpoint accepts (readers pass rangeLimitOf(client), shared by all of them); default a fresh one. */
  limit?: RangeLimit;
  /** A hard upper bound on the blocks of one call, whatever the endpoint accepts (default none). */
  maxRange?: bigint;
};

/** One page: the range read and its items. */
export type Page<T> = { range: BlockRange; items: T[] };

/** The next range to read: `size` blocks starting at `from` (forward) or ending at `to` (backward), within [from, to]. */
export function nextRange(bounds: BlockRange, size: bigint, direction: PageDirection): BlockRange {
  if (size < 1n) throw new RangeError("A block range holds at least one block.");
  if (direction === "forward") {
    const end = bounds.fromBlock + size - 1n;
    return { fromBlock: bounds.fromBlock, toBlock: end < bounds.toBlock ? end : bounds.toBlock };
  }
  const start = bounds.toBlock - size + 1n;
  return { fromBlock: start > bounds.fromBlock ? start : bounds.fromBlock, toBlock: bounds.toBlock };
}

/**
 * Reads `bounds` page by page in `direction`, widest range first: each call asks for as many of
 * the remaining blocks as the endpoint is known to accept (all of them until it refuses), so a
 * lenient endpoint answers a quiet history in one call. A refusal for the range's size teaches the
 * shared `limit`; a refusal for this range's data (too many results, a query timeout) shrinks
 * only this read, to the range the endpoint suggests or to half, and grows back by doubling.
 * Rate limits and outages are not refusals: they come up from `fetch` (after its retries) as errors.
 * Throws LogRangeTooLargeError when even one block is refused.
 */
export async function* pages<T>(
  fetch: RangeFetcher<T>,
  bounds: BlockRange,
  direction: PageDirection,
  options: PagingOptions = {},
): AsyncGenerator<Page<T>> {
  const limit = options.limit ?? createRangeLimit();
  let dense: bigint | undefined;
  let rest = bounds;
  while (rest.fromBlock <= rest.toBlock) {
    let size = limit.next(rest.toBlock - rest.fromBlock + 1n);
    if (dense !== undefined && dense < size) size = dense;
    if (options.maxRange !== undefined && options.maxRange < size) size = options.maxRange;
    const range = nextRange(rest, size, direction);
    let items: T[];
    try {
      items = await fetch(range);
    } catch (error) {
      const refusal = logRefusal(error);
      if (refusal === undefined) throw error;
      if (size === 1n) {
        throw refusal.kind === "timeout"
          ? new RpcUnavailableError({ cause: error })
          : new LogRangeTooLargeError(range.fromBlock, range.toBlock, { cause: error });
      }
      if (refusal.kind === "range") limit.refused(size, refusal.maxBlocks);
      else dense = refusal.suggestedBlocks !== undefined && refusal.suggestedBlocks < size ? refusal.suggestedBlocks : size / 2n;
      continue;
    }
    limit.accepted(size);
    if (dense !== undefined && size >= dense) dense *= 2n;
    yield { range, items };
    rest = direction === "forward" ? { fromBlock: range.toBlock + 1n, toBlock: rest.toBlock } : { fromBlock: rest.fromBlock, toBlock: range.fromBlock - 1n };
  }
}

/** Reads every item of `bounds`, oldest range first, widest range first (see pages). */
export async function fetchAllForward<T>(fetch: RangeFetcher<T>, bounds: BlockRange, options: PagingOptions = {}): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages(fetch, bounds, "forward", options)) all.push(...page.items);
  return all;
}
