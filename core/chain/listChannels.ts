import type { Address, PublicClient } from "viem";
import { reduceMemberships } from "./channelState.js";
import type { RegistryLog } from "./registryLogs.js";
import type { RegistryReadParameters } from "./types.js";
import { walkRegistryChain } from "./walkRegistryChain.js";
import type { RetryOptions } from "./withRetry.js";

/** Ids of the channels `account` is a member of now, ascending, from its membership chain. */
export async function listChannels(
  client: PublicClient,
  params: RegistryReadParameters & { account: Address; retry?: RetryOptions },
): Promise<bigint[]> {
  const logs: RegistryLog[] = [];
  for await (const link of walkRegistryChain(client, { ...params, chain: { kind: "account", account: params.account } })) logs.unshift(...link.logs);
  return reduceMemberships(logs, params.account);
}
