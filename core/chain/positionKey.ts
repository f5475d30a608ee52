import type { ChainMessage } from "./types.js";

/** A key for a message's place in the chain (transaction, log, index in its batch): the same message read twice has the same key. */
export const positionKey = (message: Pick<ChainMessage, "txHash" | "logIndex" | "batchIndex">): string =>
  `${message.txHash}:${message.logIndex}:${message.batchIndex}`;
