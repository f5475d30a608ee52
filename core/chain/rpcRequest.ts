import type { EIP1193Parameters, PublicClient, PublicRpcSchema } from "viem";
import { withRetry, type RetryOptions } from "./withRetry.js";

type Call = EIP1193Parameters<PublicRpcSchema>;
type Result<call extends Call> = Extract<PublicRpcSchema[number], { Method: call["method"] }>["ReturnType"];

/**
 * One JSON-RPC request under Cairn's single retry policy (withRetry): the transport's own retries
 * are switched off for it, so a refused `eth_getLogs` range costs one request, a rate limit waits
 * as long as the endpoint asks, and retries never multiply (a viem http transport alone retries
 * 3 times; wrapped in withRetry that made up to 20 attempts).
 */
export function rpcRequest<const call extends Call>(client: PublicClient, args: call, retry?: RetryOptions): Promise<Result<call>> {
  return withRetry(() => client.request(args as never, { retryCount: 0 }) as Promise<Result<call>>, retry);
}
