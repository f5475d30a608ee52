import type { Address, PublicClient } from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { decodeRevert, findRevertData } from "./decodeTxError.js";
import { readView } from "./readView.js";
import type { RetryOptions } from "./withRetry.js";

export type ChannelInfo = { admin: Address; isPublic: boolean; epoch: bigint; memberCount: number };

/** The channel record from the registry's view (cheaper than logs); ChannelNotFoundError for an unknown id. */
export async function readChannelInfo(
  client: PublicClient,
  params: { registry: Address; channelId: bigint; retry?: RetryOptions },
): Promise<ChannelInfo> {
  try {
    const info = await readView(client, { address: params.registry, abi: channelRegistryAbi, functionName: "channelInfo", args: [params.channelId] }, params.retry);
    return { admin: info.admin, isPublic: info.isPublic, epoch: info.epoch, memberCount: Number(info.memberCount) };
  } catch (error) {
    const data = findRevertData(error);
    throw (data && decodeRevert(data, error)) || error;
  }
}
