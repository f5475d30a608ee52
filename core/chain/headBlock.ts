import type { PublicClient } from "viem";
import { rpcRequest } from "./rpcRequest.js";
import type { RetryOptions } from "./withRetry.js";

/** The current block number, uncached, with retries on transient RPC failures. */
export async function headBlock(client: PublicClient, retry?: RetryOptions): Promise<bigint> {
  return BigInt(await rpcRequest(client, { method: "eth_blockNumber" }, retry));
}
