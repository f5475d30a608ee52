import type { ChannelMessage, ChannelService, HistoryCursor } from "@cairn/core";
import { CairnError } from "@cairn/core/errors";

/** No message with this id (or id suffix) in the channel. */
export class MessageNotFoundError extends CairnError {
  override readonly name: string = "MessageNotFoundError";
  constructor(id: string, channelId: bigint) {
    super(`No message ${id} in channel #${channelId}.`);
  }
}

/** Walks the history back from the newest message until a message whose id is (or ends with) `id` turns up. */
export async function findMessage(channel: ChannelService, id: string): Promise<ChannelMessage> {
  let cursor: HistoryCursor | null | undefined;
  do {
    const page = await channel.history({ before: cursor, limit: 100 });
    const found = page.messages.find((message) => message.id === id || message.id.endsWith(id));
    if (found) return found;
    cursor = page.cursor;
  } while (cursor);
  throw new MessageNotFoundError(id, channel.channelId);
}
