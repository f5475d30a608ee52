import type { Address, PublicClient } from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { readView } from "./readView.js";
import type { RetryOptions } from "./withRetry.js";

/** Whether `account` is a member of the channel now (registry view). */
export function readIsMember(
  client: PublicClient,
  params: { registry: Address; channelId: bigint; account: Address; retry?: RetryOptions },
): Promise<boolean> {
  return readView(client, { address: params.registry, abi: channelRegistryAbi, functionName: "isMember", args: [params.channelId, params.account] }, params.retry);
}
