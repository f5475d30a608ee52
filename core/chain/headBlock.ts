import type { PublicClient } from "viem";
import { withRetry, type RetryOptions } from "./withRetry.js";

/** The current block number, uncached, with retries on transient RPC failures. */
export function headBlock(client: PublicClient, retry?: RetryOptions): Promise<bigint> {
  return withRetry(() => client.getBlockNumber({ cacheTime: 0 }), retry);
}
