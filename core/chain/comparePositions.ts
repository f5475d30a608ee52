import type { ChainPosition } from "./types.js";

/** Chain order: block number, log index, index inside a batch. */
export function comparePositions(a: ChainPosition, b: ChainPosition): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1;
  if (a.logIndex !== b.logIndex) return a.logIndex - b.logIndex;
  return a.batchIndex - b.batchIndex;
}
