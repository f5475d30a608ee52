import type { Address, Hex } from "viem";
import { comparePositions } from "../chain/comparePositions.js";
import type { ChainPosition } from "../chain/types.js";
import { DEFAULT_CONFIRM_BLOCKS, DEFAULT_MAX_PENDING_PER_SENDER } from "./timings.js";

/**
 * `pending`: verified from pubsub, its transaction not yet seen mined; `confirmed`: its log was
 * read from the chain; `not-confirmed`: pending for `confirmBlocks` blocks (it may still be mined,
 * and then becomes confirmed).
 */
export type DeliveryStatus = "pending" | "confirmed" | "not-confirmed";

/** A chain copy of a message: where its log is. */
export type ChainCopy = ChainPosition & { txHash: Hex };

/** One message (messageKey: sender and message id) as the reader shows it. */
export type DeliveryEntry<T> = {
  key: string;
  sender: Address;
  status: DeliveryStatus;
  /** What the app renders: the message as verified from pubsub, then as read from the chain. */
  payload: T;
  /** The chain copies read so far, earliest first: the first is the message's place. */
  copies: readonly ChainCopy[];
  /** The transaction a pending message announced. */
  pendingTx?: Hex;
  /** The head block when it became pending (the not-confirmed count starts there). */
  since?: bigint;
  /** Order of arrival: pending messages are shown in it, after the confirmed ones. */
  arrival: number;
  /** It arrived through pubsub first (a reorg that removes its last copy makes it pending again, not gone). */
  viaPubsub: boolean;
};

export type DeliveryOptions = {
  /** Blocks after which a pending message is not confirmed (default DEFAULT_CONFIRM_BLOCKS). */
  confirmBlocks: number;
  /** Pending or not-confirmed messages kept per sender; more pending ones are ignored (default DEFAULT_MAX_PENDING_PER_SENDER). */
  maxPendingPerSender: number;
};

export type DeliveryState<T> = {
  readonly head: bigint;
  readonly entries: ReadonlyMap<string, DeliveryEntry<T>>;
  readonly arrivals: number;
  readonly options: DeliveryOptions;
};

export type DeliveryEvent<T> =
  /** A message verified from pubsub (verifyPendingMessage). */
  | { type: "pending"; key: string; sender: Address; txHash: Hex; payload: T }
  /** A message read from a chain log (history or live). */
  | { type: "confirmed"; key: string; sender: Address; copy: ChainCopy; payload: T }
  /** A reorg removed the log at `position` (createLogSync's removed logs). */
  | { type: "removed"; key: string; position: ChainPosition }
  /** The chain's head moved (also backwards, after a rollback). */
  | { type: "head"; blockNumber: bigint };

export function createDeliveryState<T>(options: Partial<DeliveryOptions> = {}, head = 0n): DeliveryState<T> {
  return {
    head,
    entries: new Map(),
    arrivals: 0,
    options: { confirmBlocks: DEFAULT_CONFIRM_BLOCKS, maxPendingPerSender: DEFAULT_MAX_PENDING_PER_SENDER, ...options },
  };
}

const samePosition = (a: ChainPosition, b: ChainPosition) => comparePositions(a, b) === 0;

function unconfirmedOf(entries: ReadonlyMap<string, DeliveryEntry<unknown>>, sender: Address): number {
  let count = 0;
  for (const entry of entries.values()) if (entry.status !== "confirmed" && entry.sender.toLowerCase() === sender.toLowerCase()) count++;
  return count;
}

type Draft<T> = { head: bigint; entries: Map<string, DeliveryEntry<T>>; arrivals: number; options: DeliveryOptions; changed: boolean };

function apply<T>(draft: Draft<T>, event: DeliveryEvent<T>): void {
  const set = (entry: DeliveryEntry<T>) => {
    draft.entries.set(entry.key, entry);
    draft.changed = true;
  };
  switch (event.type) {
    case "pending": {
      if (draft.entries.has(event.key) || unconfirmedOf(draft.entries, event.sender) >= draft.options.maxPendingPerSender) return;
      const { key, sender, txHash, payload } = event;
      set({ key, sender, status: "pending", payload, copies: [], pendingTx: txHash, since: draft.head, arrival: draft.arrivals++, viaPubsub: true });
      return;
    }
    case "confirmed": {
      const entry = draft.entries.get(event.key);
      if (!entry) {
        set({ key: event.key, sender: event.sender, status: "confirmed", payload: event.payload, copies: [event.copy], arrival: draft.arrivals++, viaPubsub: false });
        return;
      }
      if (entry.copies.some((copy) => samePosition(copy, event.copy))) return;
      const copies = [...entry.copies, event.copy].sort(comparePositions);
      // The first chain copy is the message: a later copy never moves it, nor replaces what is shown.
      set({ ...entry, status: "confirmed", copies, payload: entry.status === "confirmed" ? entry.payload : event.payload });
      return;
    }
    case "removed": {
      const entry = draft.entries.get(event.key);
      if (!entry?.copies.some((copy) => samePosition(copy, event.position))) return;
      const copies = entry.copies.filter((copy) => !samePosition(copy, event.position));
      if (copies.length > 0) set({ ...entry, copies });
      else if (entry.viaPubsub) set({ ...entry, copies, status: "pending", since: draft.head });
      else {
        draft.entries.delete(entry.key);
        draft.changed = true;
      }
      return;
    }
    case "head": {
      if (event.blockNumber === draft.head) return;
      draft.head = event.blockNumber;
      draft.changed = true;
      for (const entry of draft.entries.values())
        if (entry.status === "pending" && draft.head - (entry.since ?? draft.head) >= BigInt(draft.options.confirmBlocks))
          draft.entries.set(entry.key, { ...entry, status: "not-confirmed" });
    }
  }
}

/**
 * The delivery state machine (PROTOCOL.md §Delivery states), a pure reducer: returns a new state
 * (the same object when no event changed anything). A pending message becomes confirmed when a
 * chain log with its key arrives, and then sits at that log's place: one entry, never two, and
 * confirmed messages are never reordered by arrival. The first chain copy of a key wins (the
 * earliest position, as dedupeMessages). A pending message not mined within `confirmBlocks` blocks
 * is not-confirmed, until its log arrives after all. Messages read only from the chain pass through
 * the same way.
 */
export function reduceDelivery<T>(state: DeliveryState<T>, ...events: DeliveryEvent<T>[]): DeliveryState<T> {
  const draft: Draft<T> = { head: state.head, entries: new Map(state.entries), arrivals: state.arrivals, options: state.options, changed: false };
  for (const event of events) apply(draft, event);
  if (!draft.changed) return state;
  return { head: draft.head, entries: draft.entries, arrivals: draft.arrivals, options: state.options };
}

/** The messages in the order to show them: confirmed ones in chain order, then pending and not-confirmed ones in arrival order. */
export function deliveryView<T>(state: DeliveryState<T>): DeliveryEntry<T>[] {
  const entries = [...state.entries.values()];
  const confirmed = entries.filter((entry) => entry.status === "confirmed").sort((a, b) => comparePositions(a.copies[0]!, b.copies[0]!));
  const waiting = entries.filter((entry) => entry.status !== "confirmed").sort((a, b) => a.arrival - b.arrival);
  return [...confirmed, ...waiting];
}
