import { createPublicClient, custom, type Abi, type Address, type PublicClient } from "viem";
import { multicall } from "viem/actions";
import { decodeRevert, findRevertData } from "./decodeTxError.js";
import { rpcRequest } from "./rpcRequest.js";
import type { RetryOptions } from "./withRetry.js";

/** One view call: a contract, its ABI, the function and its arguments. */
export type ViewCall = { address: Address; abi: Abi; functionName: string; args: readonly unknown[] };

/**
 * Several views in one `eth_call`: viem's deployless multicall (Multicall3 runs inside the call,
 * no deployed contract needed), at the latest block or `blockNumber`, sent under Cairn's one retry
 * policy (rpcRequest). Each call gives its value, or the error it reverted with (decoded into
 * Cairn's typed errors when it is a Cairn contract's).
 */
export async function readViews<T>(
  client: PublicClient,
  calls: readonly ViewCall[],
  options: { blockNumber?: bigint; retry?: RetryOptions } = {},
): Promise<(T | Error)[]> {
  if (calls.length === 0) return [];
  const viaRetry = createPublicClient({
    transport: custom({ request: ({ method, params }) => rpcRequest(client, { method, params } as never, options.retry) }, { retryCount: 0 }),
  });
  const results = await multicall(viaRetry, { contracts: calls, deployless: true, allowFailure: true, batchSize: 0, blockNumber: options.blockNumber });
  return results.map((result) => {
    if (result.status === "success") return result.result as T;
    const data = findRevertData(result.error);
    return (data && decodeRevert(data, result.error)) || result.error;
  });
}
