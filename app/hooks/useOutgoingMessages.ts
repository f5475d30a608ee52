"use client";
import { useCallback, useRef, useState } from "react";
import type { ChannelService, OutgoingMessage, OutgoingStatus } from "../../core/channel";
import { useNotify } from "./useNotify";

export type PendingStatus = "sending" | "pinned" | "confirmed" | "failed";

/** One of this tab's own messages on its way out (optimistic), until its chain copy is read back. */
export interface PendingMessage {
  localId: number;
  text: string;
  createdAt: number;
  status: PendingStatus;
  /** The message block's CID once core has encrypted it (equals the chain copy's id). */
  id?: string;
  outgoing?: OutgoingMessage;
  error?: unknown;
}

const shown = (status: OutgoingStatus): PendingStatus => (status === "prepared" ? "sending" : status);

/**
 * Own messages as they go out: shown at once with status sending → pinned → confirmed, or
 * failed with the error (the text is kept, `retry` re-sends the same encrypted message).
 */
export function useOutgoingMessages(service: ChannelService | null) {
  const [items, setItems] = useState<PendingMessage[]>([]);
  const nextId = useRef(1);
  const { notifyError } = useNotify();

  const update = useCallback(
    (localId: number, patch: Partial<PendingMessage>) =>
      setItems((list) => list.map((item) => (item.localId === localId ? { ...item, ...patch } : item))),
    [],
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
      const localId = nextId.current++;
      setItems((list) => [...list, { localId, text, createdAt: Date.now(), status: "sending" }]);
      deliver(localId, (onStatus) => service.send(text, { onStatus }));
      return true;
    },
    [service, deliver],
  );

  const retry = useCallback(
    (localId: number) => {
      const item = items.find((i) => i.localId === localId);
      if (!service || !item) return;
      const outgoing = item.outgoing;
      deliver(localId, (onStatus) => (outgoing ? service.retry(outgoing, { onStatus }) : service.send(item.text, { onStatus })));
    },
    [service, items, deliver],
  );

  /** Drops pending entries whose chain copy is now in the message list. */
  const settle = useCallback((chainIds: ReadonlySet<string>) => {
    setItems((list) => {
      const kept = list.filter((item) => !(item.status === "confirmed" && item.id && chainIds.has(item.id)));
      return kept.length === list.length ? list : kept;
    });
  }, []);

  return { items, send, retry, settle };
}
