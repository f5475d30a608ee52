import type { Hex } from "viem";
import type { OutgoingMessage } from "@cairn/core/channel";
import { createExternalStore } from "@cairn/core/createExternalStore";

/** `pending`: its transaction went out but is not mined yet (shown with its hash, watched until it lands). */
export type PendingStatus = "sending" | "pinned" | "pending" | "confirmed" | "failed";

/** Where a message's files are on their way out; bytes are plaintext (encrypting) or CAR bytes (uploading, pinning). */
export interface TransferProgress {
  phase: "encrypting" | "uploading" | "pinning" | "posting";
  bytes: number;
  total: number;
}

/** One of this tab's own messages on its way out (optimistic), until its chain copy is read back. */
export interface PendingMessage {
  localId: number;
  text: string;
  createdAt: number;
  status: PendingStatus;
  /** The message block's CID once core has encrypted it (equals the chain copy's id). */
  id?: string;
  outgoing?: OutgoingMessage;
  /** The transaction that carries it, once known (`pending`, `confirmed`). */
  txHash?: Hex;
  error?: unknown;
  /** Files to attach (references to the user's files, read as streams when sent). */
  files?: readonly File[];
  /** Set while files are encrypted, uploaded and pinned. */
  progress?: TransferProgress;
  /** Stops the running send (encryption, upload or posting). */
  cancel?: () => void;
}

/**
 * The tab's outgoing messages per account and channel, in memory (never in storage: they
 * hold plaintext). Living outside React, they survive leaving and reopening a channel while
 * a send is still running or has failed.
 */
const store = createExternalStore<ReadonlyMap<string, readonly PendingMessage[]>>(new Map());
const EMPTY: readonly PendingMessage[] = [];

export function outboxSnapshot(key: string): readonly PendingMessage[] {
  return store.getSnapshot().get(key) ?? EMPTY;
}

export function updateOutbox(key: string, change: (list: readonly PendingMessage[]) => readonly PendingMessage[]): void {
  store.set((lists) => {
    const before = lists.get(key) ?? EMPTY;
    const after = change(before);
    return after === before ? lists : new Map(lists).set(key, after);
  });
}

/** Every list in the tab, by its accountChannelKey. */
export const outboxLists = store.getSnapshot;

export const subscribeOutbox = store.subscribe;
