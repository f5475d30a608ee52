import { formatLog, toHex, type Address, type Log, type LogTopic, type PublicClient } from "viem";
import type { RangeFetcher } from "./logPaging.js";
import { rpcRequest } from "./rpcRequest.js";
import type { RetryOptions } from "./withRetry.js";

/** An `eth_getLogs` filter without its block range: topic positions are ANDed, arrays inside a position ORed. */
export type LogFilter = { address: Address | Address[]; topics: LogTopic[] };

/** Chain order of logs: block number, then log index. */
export function compareLogs(a: { blockNumber: bigint | null; logIndex: number | null }, b: typeof a): number {
  const blocks = (a.blockNumber ?? 0n) - (b.blockNumber ?? 0n);
  return blocks !== 0n ? (blocks < 0n ? -1 : 1) : (a.logIndex ?? 0) - (b.logIndex ?? 0);
}

/**
 * A RangeFetcher of the logs matching `filter` (formatted by viem: bigint block numbers, and
 * `blockTimestamp` when the node sends it), in chain order. Rate limits and outages are retried
 * (rpcRequest); a timeout is not, so that paging asks for fewer blocks instead.
 */
export function logFetcher(client: PublicClient, filter: LogFilter, retry?: RetryOptions): RangeFetcher<Log> {
  return async (range) => {
    const params = { address: filter.address, topics: filter.topics, fromBlock: toHex(range.fromBlock), toBlock: toHex(range.toBlock) };
    const raw = await rpcRequest(client, { method: "eth_getLogs", params: [params] }, { ...retry, retryTimeouts: false });
    return raw.map((log) => formatLog(log)).sort(compareLogs);
  };
}
