import { hexToBytes, type Address, type Hex, type PublicClient } from "viem";
import { rangeLimitOf } from "./createRangeLimit.js";
import { headBlock } from "./headBlock.js";
import { fetchAllForward } from "./logPaging.js";
import { eventTopic, registryLogFetcher } from "./registryLogs.js";
import type { RegistryReadParameters } from "./types.js";
import type { RetryOptions } from "./withRetry.js";

export type PublicChannelSummary = {
  channelId: bigint;
  creator: Address;
  /** Encoded metadata as created (plain for public channels). */
  metadata: Uint8Array;
  /** The raw epoch-1 key. */
  key: Uint8Array;
  createdAt: { blockNumber: bigint; txHash: Hex };
};

/** Every public channel ever created, oldest first. */
export async function listPublicChannels(
  client: PublicClient,
  params: RegistryReadParameters & { retry?: RetryOptions },
): Promise<PublicChannelSummary[]> {
  const { registry, fromBlock, maxRange, retry } = params;
  const fetch = registryLogFetcher(client, registry, [eventTopic("ChannelCreated")], retry);
  const logs = await fetchAllForward(fetch, { fromBlock, toBlock: await headBlock(client, retry) }, { limit: rangeLimitOf(client), maxRange });
  return logs.flatMap((log) =>
    log.eventName === "ChannelCreated" && log.args.isPublic
      ? [
          {
            channelId: log.args.channelId,
            creator: log.args.creator,
            metadata: hexToBytes(log.args.metadata),
            key: hexToBytes(log.args.keyMaterial),
            createdAt: { blockNumber: log.blockNumber, txHash: log.transactionHash },
          },
        ]
      : [],
  );
}
