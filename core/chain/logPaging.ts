import { causeChain } from "./causeChain.js";
import { classifyRpcError } from "./classifyRpcError.js";
import { LogRangeTooLargeError } from "./errors.js";
import type { BlockRange } from "./types.js";

/** Default largest block range of one `eth_getLogs` call (many public RPCs refuse more). */
export const DEFAULT_MAX_BLOCK_RANGE = 2_000n;

/** Fetches the items (logs, messages) of one inclusive block range. */
export type RangeFetcher<T> = (range: BlockRange) => Promise<T[]>;

export type PageDirection = "forward" | "backward";

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

/** Whether a failed `eth_getLogs` may succeed over fewer blocks: the RPC said the range or result is too large, or answered with a JSON-RPC error that is neither a rate limit nor an outage. */
export function isShrinkable(error: unknown): boolean {
  const kind = classifyRpcError(error);
  if (kind === "range-too-large") return true;
  if (kind !== undefined) return false;
  return causeChain(error).some((link) => link.name === "RpcRequestError" || (typeof link.code === "number" && link.code <= -32000));
}

/**
 * Reads one page inside `bounds` in `direction`, starting with `size` blocks and halving the range
 * while the RPC refuses it as too large. Returns the range actually read, its items, and the size
 * to try next (doubled back towards `maxRange` after a success).
 */
export async function fetchPage<T>(
  fetch: RangeFetcher<T>,
  bounds: BlockRange,
  size: bigint,
  direction: PageDirection,
  maxRange: bigint,
): Promise<{ range: BlockRange; items: T[]; nextSize: bigint }> {
  let current = size;
  for (;;) {
    const range = nextRange(bounds, current, direction);
    try {
      const items = await fetch(range);
      const doubled = current * 2n;
      return { range, items, nextSize: doubled < maxRange ? doubled : maxRange };
    } catch (error) {
      if (!isShrinkable(error)) throw error;
      if (range.fromBlock === range.toBlock) throw new LogRangeTooLargeError(range.fromBlock, range.toBlock, { cause: error });
      current = (range.toBlock - range.fromBlock + 1n) / 2n;
    }
  }
}

/** Reads every item of `bounds`, oldest range first, in bounded pages. */
export async function fetchAllForward<T>(
  fetch: RangeFetcher<T>,
  bounds: BlockRange,
  maxRange: bigint = DEFAULT_MAX_BLOCK_RANGE,
): Promise<T[]> {
  const all: T[] = [];
  let from = bounds.fromBlock;
  let size = maxRange;
  while (from <= bounds.toBlock) {
    const page = await fetchPage(fetch, { fromBlock: from, toBlock: bounds.toBlock }, size, "forward", maxRange);
    all.push(...page.items);
    from = page.range.toBlock + 1n;
    size = page.nextSize;
  }
  return all;
}
