import { EpochKeyUnavailableError } from "./errors.js";
import type { ChannelMessage } from "./types.js";

/** A message that could not be opened only because this account held no key for its epoch. */
export type KeyAwaitingMessage = ChannelMessage & { epoch: number; wrappedCid: Uint8Array };

/**
 * Whether `message` waits for an epoch key: it failed with EpochKeyUnavailableError and kept
 * its wrapped CID, so it can be opened once the key is shared (reopenChainMessage).
 */
export function awaitsKey(message: ChannelMessage): message is KeyAwaitingMessage {
  return (
    message.status === "undecryptable" &&
    message.error instanceof EpochKeyUnavailableError &&
    message.epoch !== undefined &&
    message.wrappedCid !== undefined
  );
}
