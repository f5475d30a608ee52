"use client";
import { useCallback, useSyncExternalStore } from "react";
import type { ChannelService, OutgoingMessage, OutgoingStatus } from "../../core/channel";
import { accountChannelKey } from "../lib/accountChannelKey";
import { outboxSnapshot, subscribeOutbox, updateOutbox, type PendingMessage, type PendingStatus } from "../lib/outbox";
import { useNotify } from "./useNotify";

const shown = (status: OutgoingStatus): PendingStatus => (status === "prepared" ? "sending" : status);

let nextLocalId = 1;

/**
 * Own messages as they go out: shown at once with status sending → pinned → confirmed, or
 * failed with the error (the text is kept, `retry` re-sends the same encrypted message).
 */
export function useOutgoingMessages(service: ChannelService | null, account: string, channelId: bigint) {
  const key = accountChannelKey(account, channelId);
  const items = useSyncExternalStore(subscribeOutbox, () => outboxSnapshot(key), () => outboxSnapshot(key));
  const { notifyError } = useNotify();

  const update = useCallback(
    (localId: number, patch: Partial<PendingMessage>) =>
      updateOutbox(key, (list) => list.map((item) => (item.localId === localId ? { ...item, ...patch } : item))),
    [key],
  );

  const deliver = useCallback(
    (localId: number, run: (onStatus: (message: OutgoingMessage) => void) => Promise<unknown>) => {
      update(localId, { status: "sending", error: undefined });
      const onStatus = (message: OutgoingMessage) =>
        update(localId, { status: shown(message.status), id: message.id, outgoing: message, error: message.error });
      run(onStatus).then(
        (result) => {
          const message = (Array.isArray(result) ? result[0] : result) as OutgoingMessage | undefined;
          if (message?.status === "failed") notifyError(message.error, "Message not sent");
        },
        (error: unknown) => {
          update(localId, { status: "failed", error });
          notifyError(error, "Message not sent");
        },
      );
    },
    [update, notifyError],
  );

  const send = useCallback(
    (text: string) => {
      if (!service) return false;
      const localId = nextLocalId++;
      updateOutbox(key, (list) => [...list, { localId, text, createdAt: Date.now(), status: "sending" }]);
      deliver(localId, (onStatus) => service.send(text, { onStatus }));
      return true;
    },
    [service, key, deliver],
  );

  const retry = useCallback(
    (localId: number) => {
      const item = outboxSnapshot(key).find((i) => i.localId === localId);
      if (!service || !item) return;
      const outgoing = item.outgoing;
      deliver(localId, (onStatus) => (outgoing ? service.retry(outgoing, { onStatus }) : service.send(item.text, { onStatus })));
    },
    [service, key, deliver],
  );

  /** Drops pending entries whose chain copy is now in the message list. */
  const settle = useCallback(
    (chainIds: ReadonlySet<string>) =>
      updateOutbox(key, (list) => {
        const kept = list.filter((item) => !(item.status === "confirmed" && item.id && chainIds.has(item.id)));
        return kept.length === list.length ? list : kept;
      }),
    [key],
  );

  return { items, send, retry, settle };
}
