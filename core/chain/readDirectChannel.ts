import type { Address, PublicClient } from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { readView } from "./readView.js";
import type { RetryOptions } from "./withRetry.js";

/** The id of the 1:1 channel of the pair `a`, `b` (order-independent), or null if it has none. */
export async function readDirectChannel(
  client: PublicClient,
  params: { registry: Address; a: Address; b: Address; retry?: RetryOptions },
): Promise<bigint | null> {
  const id = await readView(client, { address: params.registry, abi: channelRegistryAbi, functionName: "directChannelOf", args: [params.a, params.b] }, params.retry);
  return id === 0n ? null : id;
}
