import { hexToBytes, type Address, type Hex, type PublicClient } from "viem";
import type { RegistryReadParameters } from "./types.js";
import { walkRegistryChain } from "./walkRegistryChain.js";
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

/** Public channels, newest first, and where older ones continue (the block of the next link; null: none are older). */
export type PublicChannelPage = { channels: PublicChannelSummary[]; cursor: bigint | null };

/**
 * The newest public channels (at least `limit` when there are as many, whole blocks at a time),
 * through the registry's public-channel chain; `before` continues from an earlier page's cursor.
 */
export async function listPublicChannels(
  client: PublicClient,
  params: RegistryReadParameters & { limit: number; before?: bigint; retry?: RetryOptions },
): Promise<PublicChannelPage> {
  const channels: PublicChannelSummary[] = [];
  const chain = { kind: "publicChannels" as const, from: params.before };
  for await (const link of walkRegistryChain(client, { ...params, chain })) {
    for (const log of [...link.logs].reverse()) {
      if (log.eventName !== "ChannelCreated") continue;
      channels.push({
        channelId: log.args.channelId,
        creator: log.args.creator,
        metadata: hexToBytes(log.args.metadata),
        key: hexToBytes(log.args.keyMaterial),
        createdAt: { blockNumber: log.blockNumber, txHash: log.transactionHash },
      });
    }
    if (channels.length >= params.limit || link.previous === 0n) return { channels, cursor: link.previous === 0n ? null : link.previous };
  }
  return { channels, cursor: null };
}
