/**
 * What one RPC endpoint accepts as the block range of an `eth_getLogs` call, learnt from its
 * answers and shared by every reader of a client (rangeLimitOf). Widest range first: until the
 * endpoint refuses a range for its size, a read asks for its whole window in one call.
 *
 * After a refusal it keeps the largest size accepted (`good`) and the smallest refused (`bad`) and
 * bisects between them until they are within 1/8 of each other, then stays at `good`. A cap the
 * endpoint states in its message is taken as is and never probed beyond. An inferred cap is probed
 * again, carefully: after `growAfter` successes at the cap it tries twice the cap once; a refused
 * probe doubles the number of successes before the next one.
 */
export type RangeLimit = {
  /** The block count to ask for next, out of a window of `blocks` (≥ 1). */
  next(blocks: bigint): bigint;
  /** The endpoint answered a range of `size` blocks. */
  accepted(size: bigint): void;
  /** The endpoint refused a range of `size` blocks for its size; `maxBlocks` if it named its cap. */
  refused(size: bigint, maxBlocks?: bigint): void;
  /** The widest range the endpoint has answered so far (0 before its first answer). */
  widestAccepted(): bigint;
};

const min = (a: bigint, b: bigint) => (a < b ? a : b);

export function createRangeLimit(options: { growAfter?: number } = {}): RangeLimit {
  let good = 0n;
  let widest = 0n;
  let bad: bigint | undefined;
  let stated = false;
  let probe: bigint | undefined;
  let streak = 0;
  let growAfter = options.growAfter ?? 32;

  return {
    next(blocks) {
      if (blocks < 1n) throw new RangeError("A block range holds at least one block.");
      if (bad === undefined) return blocks;
      if (probe !== undefined) return min(probe, blocks);
      const gap = bad - good;
      const size = good === 0n ? bad / 2n : gap <= 1n || gap * 8n <= good ? good : good + gap / 2n;
      return min(size > 0n ? size : 1n, blocks);
    },
    accepted(size) {
      if (size > widest) widest = size;
      if (size > good) good = size;
      if (bad !== undefined && size >= bad) {
        // A size refused before is answered now: that refusal was not the endpoint's cap.
        bad = size * 2n;
        stated = false;
      }
      if (probe !== undefined && size >= probe) probe = undefined;
      if (bad === undefined || stated || size < good) return;
      if (++streak >= growAfter) {
        streak = 0;
        probe = good * 2n;
      }
    },
    refused(size, maxBlocks) {
      streak = 0;
      if (probe !== undefined) {
        probe = undefined;
        growAfter *= 2;
      }
      if (maxBlocks !== undefined) {
        const cap = maxBlocks < size ? maxBlocks : size - 1n;
        if (cap >= 1n) {
          good = cap;
          bad = cap + 1n;
          stated = true;
          return;
        }
      }
      bad = bad === undefined || size < bad ? size : bad;
      if (good >= bad) good = 0n;
    },
    widestAccepted: () => widest,
  };
}

const shared = new WeakMap<object, RangeLimit>();

/** The range limit of the endpoint behind `client`, shared by every reader of that client. */
export function rangeLimitOf(client: object): RangeLimit {
  let limit = shared.get(client);
  if (!limit) {
    limit = createRangeLimit();
    shared.set(client, limit);
  }
  return limit;
}
