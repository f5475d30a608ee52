import type { Address, PublicClient } from "viem";
import { reduceChannelState, type ChannelState } from "./channelState.js";
import type { RegistryLog } from "./registryLogs.js";
import type { RegistryReadParameters } from "./types.js";
import { walkRegistryChain } from "./walkRegistryChain.js";
import type { RetryOptions } from "./withRetry.js";

/**
 * Rebuilds a channel's state from its logs (everything but messages), read through its state
 * chain (one read per block with state events, none of the empty blocks between): admin,
 * visibility, metadata, members with the epoch they joined in, former members, and the epoch keys
 * `account` can open. Throws ChannelNotFoundError when no such channel was created.
 */
export async function readChannelState(
  client: PublicClient,
  params: RegistryReadParameters & { channelId: bigint; account?: Address; atBlock?: bigint; retry?: RetryOptions },
): Promise<ChannelState> {
  const { channelId, account } = params;
  const logs: RegistryLog[] = [];
  for await (const link of walkRegistryChain(client, { ...params, chain: { kind: "state", channelId } })) logs.unshift(...link.logs);
  return reduceChannelState(channelId, logs, account);
}
