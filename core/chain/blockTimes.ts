/** Block timestamps (unix seconds) by block number, as learnt from headers and logs. */
export type BlockTimes = {
  get(blockNumber: bigint): number | undefined;
  set(blockNumber: bigint, timestamp: number | bigint): void;
};

/** Kept per client: enough for every block a tab shows messages from, small enough to forget. */
const MAX_ENTRIES = 4_096;

const shared = new WeakMap<object, BlockTimes>();

/** The block times already known for the chain behind `client` (shared by its readers; the oldest entries are forgotten past 4,096). */
export function blockTimesOf(client: object): BlockTimes {
  let times = shared.get(client);
  if (!times) {
    const known = new Map<bigint, number>();
    times = {
      get: (blockNumber) => known.get(blockNumber),
      set(blockNumber, timestamp) {
        known.delete(blockNumber);
        known.set(blockNumber, Number(timestamp));
        if (known.size > MAX_ENTRIES) known.delete(known.keys().next().value!);
      },
    };
    shared.set(client, times);
  }
  return times;
}
