"use client";
import { useCallback, useSyncExternalStore } from "react";
import type { ChannelService, OutgoingMessage, OutgoingStatus, SendOptions, UploadProgress } from "@cairn/core/channel";
import { accountChannelKey } from "../lib/accountChannelKey";
import { fileChunks } from "../lib/fileChunks";
import { outboxSnapshot, subscribeOutbox, updateOutbox, type PendingMessage, type PendingStatus, type TransferProgress } from "../lib/outbox";
import { useNotify } from "./useNotify";

const shown = (status: OutgoingStatus): PendingStatus => (status === "prepared" ? "sending" : status);

/** Progress is redrawn at most this often (a 1 GiB file reports ~16,000 chunks). */
const PROGRESS_INTERVAL_MS = 100;

let nextLocalId = 1;

/** Sums per-file byte counts into one progress figure, and tells when it is worth redrawing. */
function progressTracker(total: number, initial: TransferProgress["phase"], report: (progress: TransferProgress) => void) {
  const bytesPerItem = new Map<unknown, number>();
  let phase = initial;
  let drawnAt = 0;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && now - drawnAt < PROGRESS_INTERVAL_MS) return;
    drawnAt = now;
    let bytes = 0;
    for (const value of bytesPerItem.values()) bytes += value;
    report({ phase, bytes: Math.min(bytes, total), total });
  };
  return {
    encrypted(file: unknown, bytes: number) {
      bytesPerItem.set(file, bytes);
      draw(false);
    },
    uploaded({ phase: next, cid, bytes }: UploadProgress) {
      if (phase === "encrypting") bytesPerItem.clear();
      if (next !== "pinned") phase = next;
      const key = cid.toString();
      bytesPerItem.set(key, next === "pinned" ? Math.max(bytes, bytesPerItem.get(key) ?? 0) : bytes);
      draw(next !== "uploading");
    },
    posting() {
      phase = "posting";
      draw(true);
    },
  };
}

/**
 * Own messages as they go out: shown at once with status sending → pinned → confirmed, pending
 * (sent as a hash, not mined yet: never shown as failed, watched until its chain copy is read)
 * or failed with the error (the text and files are kept, `retry` delivers the same encrypted
 * message again, which first checks whether it reached the chain). Files stream from disk through encryption and upload with progress; `cancel`
 * stops a send and drops it.
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
  const drop = useCallback((localId: number) => updateOutbox(key, (list) => list.filter((item) => item.localId !== localId)), [key]);

  const deliver = useCallback(
    (localId: number, files: readonly File[], encrypted: boolean, run: (options: SendOptions) => Promise<unknown>) => {
      const controller = new AbortController();
      const total = files.reduce((sum, file) => sum + file.size, 0);
      const initial = encrypted ? "uploading" : "encrypting";
      const tracker = progressTracker(total, initial, (progress) => update(localId, { progress }));
      const withFiles = files.length > 0;
      update(localId, {
        status: "sending",
        error: undefined,
        cancel: () => controller.abort(),
        progress: withFiles ? { phase: initial, bytes: 0, total } : undefined,
      });
      const onStatus = (message: OutgoingMessage) => {
        if (withFiles && message.status === "pinned") tracker.posting();
        update(localId, { status: shown(message.status), id: message.id, outgoing: message, txHash: message.txHash, error: message.error });
      };
      const settled = (error: unknown) => {
        if (controller.signal.aborted) return drop(localId);
        update(localId, { status: "failed", error, progress: undefined, cancel: undefined });
        notifyError(error, "Message not sent");
      };
      run({ onStatus, signal: controller.signal, onFileProgress: tracker.encrypted, onUpload: tracker.uploaded }).then((result) => {
        const message = (Array.isArray(result) ? result[0] : result) as OutgoingMessage | undefined;
        if (message?.status === "failed") settled(message.error);
        else update(localId, { progress: undefined, cancel: undefined });
      }, settled);
    },
    [update, drop, notifyError],
  );

  const sendInput = (service: ChannelService, text: string, files: readonly File[], options: SendOptions) =>
    service.send({ text, files: files.map((file) => ({ name: file.name, mimeType: file.type, content: fileChunks(file) })) }, options);

  const send = useCallback(
    (text: string, files: readonly File[] = []) => {
      if (!service) return false;
      const localId = nextLocalId++;
      updateOutbox(key, (list) => [...list, { localId, text, files, createdAt: Date.now(), status: "sending" }]);
      deliver(localId, files, false, (options) => sendInput(service, text, files, options));
      return true;
    },
    [service, key, deliver],
  );

  const retry = useCallback(
    (localId: number) => {
      const item = outboxSnapshot(key).find((i) => i.localId === localId);
      if (!service || !item) return;
      const outgoing = item.outgoing;
      const files = item.files ?? [];
      deliver(localId, files, outgoing !== undefined, (options) =>
        outgoing ? service.retry(outgoing, options) : sendInput(service, item.text, files, options),
      );
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
