import type { Address, PublicClient } from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { readView } from "./readView.js";
import type { RetryOptions } from "./withRetry.js";

/**
 * The block of the newest public channel (`lastPublicChannelBlock`, 0 = none): one view that tells a
 * directory whether it must read the public-channel chain again (PROTOCOL §13).
 */
export function readPublicDirectoryBlock(client: PublicClient, params: { registry: Address; retry?: RetryOptions }): Promise<bigint> {
  return readView(client, { address: params.registry, abi: channelRegistryAbi, functionName: "lastPublicChannelBlock", args: [] }, params.retry);
}
