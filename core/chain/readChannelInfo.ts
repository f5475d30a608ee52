import type { Address, PublicClient } from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { decodeRevert, findRevertData } from "./decodeTxError.js";
import { readView } from "./readView.js";
import type { RetryOptions } from "./withRetry.js";

/**
 * The registry's record of a channel (`channelInfo`): its flags, epoch and member count, and the
 * heads of its pointer chains (docs/PROTOCOL.md "Finding data from the registry address alone").
 */
export type ChannelInfo = {
  admin: Address;
  isPublic: boolean;
  isDirect: boolean;
  /** A member left this private channel: posts are refused until a new epoch. */
  rekeyRequired: boolean;
  epoch: number;
  memberCount: number;
  /** index + 1 of the window of the latest message (block / windowBlocks); 0 = no message yet. */
  messageWindow: number;
  createdBlock: bigint;
  metadataBlock: bigint;
  /** The block of the latest state event: where the state chain starts. */
  stateBlock: bigint;
};

/** The channel record from the registry's view (at the latest block, or `blockNumber`); ChannelNotFoundError for an unknown id. */
export async function readChannelInfo(
  client: PublicClient,
  params: { registry: Address; channelId: bigint; blockNumber?: bigint; retry?: RetryOptions },
): Promise<ChannelInfo> {
  try {
    return await readView(
      client,
      { address: params.registry, abi: channelRegistryAbi, functionName: "channelInfo", args: [params.channelId], blockNumber: params.blockNumber },
      params.retry,
    );
  } catch (error) {
    const data = findRevertData(error);
    throw (data && decodeRevert(data, error)) || error;
  }
}
