import { comparePositions } from "../chain/comparePositions.js";
import type { ChannelMessage } from "./types.js";

/**
 * What makes two chain items the same message: its id (the block's CID once unwrapped) and its
 * sender. A copy under another sender is another item: the AADs bind the sender, so it never
 * opens as the original (and must not hide it).
 */
export const messageKey = (message: Pick<ChannelMessage, "id" | "sender">): string => `${message.sender.toLowerCase()}/${message.id}`;

/** A filter that passes each message (by messageKey) the first time it sees it: for streams read in chain order. */
export function firstCopyFilter(): (message: ChannelMessage) => boolean {
  const seen = new Set<string>();
  return (message) => {
    const key = messageKey(message);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

/**
 * The messages in chain order with each message once: the first copy on the chain counts, later
 * copies of the same message (a send repeated after a lost reply) are dropped, wherever they
 * come from (history pages, live updates).
 */
export function dedupeMessages(messages: Iterable<ChannelMessage>): ChannelMessage[] {
  return [...messages].sort(comparePositions).filter(firstCopyFilter());
}
