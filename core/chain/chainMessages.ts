import { hexToBytes } from "viem";
import { unpackBatch } from "../crypto/index.js";
import type { RegistryLog } from "./registryLogs.js";
import { comparePositions } from "./comparePositions.js";
import type { ChainMessage } from "./types.js";

/** Expands Posted and BatchPosted logs into one ChainMessage per wrapped CID, in chain order. Other events are ignored. */
export function toChainMessages(logs: readonly RegistryLog[]): ChainMessage[] {
  const messages: ChainMessage[] = [];
  for (const log of logs) {
    if (log.eventName !== "Posted" && log.eventName !== "BatchPosted") continue;
    const base = {
      channelId: log.args.channelId,
      sender: log.args.sender,
      blockNumber: log.blockNumber,
      logIndex: log.logIndex,
      txHash: log.transactionHash,
      ...(typeof log.blockTimestamp === "bigint" ? { timestamp: Number(log.blockTimestamp) } : {}),
    };
    const wrapped = log.eventName === "Posted" ? [hexToBytes(log.args.wrappedCid)] : unpackBatch(hexToBytes(log.args.packed));
    wrapped.forEach((wrappedCid, batchIndex) => messages.push({ ...base, wrappedCid, batchIndex }));
  }
  return messages.sort(comparePositions);
}
