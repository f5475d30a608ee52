import { createPublicClient, custom, type Address, type PublicClient } from "viem";
import { multicall } from "viem/actions";
import { channelRegistryAbi } from "../contracts/generated.js";
import type { ChannelInfo } from "./readChannelInfo.js";
import { decodeRevert, findRevertData } from "./decodeTxError.js";
import { rpcRequest } from "./rpcRequest.js";
import type { RetryOptions } from "./withRetry.js";

/**
 * Several channels' records (`channelInfo`) in one `eth_call`: viem's deployless multicall
 * (Multicall3 runs inside the call, no deployed contract needed), sent under Cairn's one retry
 * policy (rpcRequest). Each id maps to its record, or to the error its view reverted with
 * (ChannelNotFoundError for an unknown id).
 */
export async function readChannelInfos(
  client: PublicClient,
  params: { registry: Address; channelIds: readonly bigint[]; blockNumber?: bigint; retry?: RetryOptions },
): Promise<Map<bigint, ChannelInfo | Error>> {
  const { registry, channelIds, blockNumber, retry } = params;
  if (channelIds.length === 0) return new Map();
  const viaRetry = createPublicClient({
    transport: custom({ request: ({ method, params: args }) => rpcRequest(client, { method, params: args } as never, retry) }, { retryCount: 0 }),
  });
  const results = await multicall(viaRetry, {
    contracts: channelIds.map((channelId) => ({ address: registry, abi: channelRegistryAbi, functionName: "channelInfo", args: [channelId] }) as const),
    deployless: true,
    allowFailure: true,
    batchSize: 0,
    blockNumber,
  });
  return new Map(
    channelIds.map((channelId, index): [bigint, ChannelInfo | Error] => {
      const result = results[index];
      if (result.status === "success") return [channelId, result.result as ChannelInfo];
      const data = findRevertData(result.error);
      return [channelId, (data && decodeRevert(data, result.error)) || result.error];
    }),
  );
}
