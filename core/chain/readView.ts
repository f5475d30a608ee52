import {
  decodeFunctionResult,
  encodeFunctionData,
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type ContractFunctionReturnType,
  type PublicClient,
  toHex,
} from "viem";
import { rpcRequest } from "./rpcRequest.js";
import type { RetryOptions } from "./withRetry.js";

/**
 * Calls a view of a contract at the latest block (or `blockNumber`; `eth_call`) under the one retry policy of
 * rpcRequest: unlike `client.readContract` inside withRetry, the transport does not retry as well.
 * A revert comes up as the node's error, with its revert data (findRevertData).
 */
export async function readView<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, "pure" | "view">,
  const args extends ContractFunctionArgs<abi, "pure" | "view", functionName>,
>(
  client: PublicClient,
  params: { address: Address; abi: abi; functionName: functionName; args: args; blockNumber?: bigint },
  retry?: RetryOptions,
): Promise<ContractFunctionReturnType<abi, "pure" | "view", functionName, args>> {
  const data = encodeFunctionData({ abi: params.abi, functionName: params.functionName, args: params.args } as never);
  const block = params.blockNumber === undefined ? "latest" : toHex(params.blockNumber);
  const result = await rpcRequest(client, { method: "eth_call", params: [{ to: params.address, data }, block] }, retry);
  return decodeFunctionResult({ abi: params.abi, functionName: params.functionName, args: params.args, data: result } as never) as ContractFunctionReturnType<
    abi,
    "pure" | "view",
    functionName,
    args
  >;
}
