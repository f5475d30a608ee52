import { backoffDelay } from "../chain/index.js";

/**
 * What one delivery did with an item: `sent` (done), `pending` (it went out and is not confirmed
 * yet: delivered again after `pendingPollMs` to keep watching it, never given up) or `failed`.
 */
export type OutboxOutcome = "sent" | "pending" | "failed";

export type OutboxOptions<T> = {
  /** Sends a batch (in queue order); resolves with one outcome per item. */
  deliver: (batch: readonly T[]) => Promise<readonly OutboxOutcome[]>;
  /** Whether a failed item is worth another attempt (default: always); false fails it at once. */
  retryable?: (item: T) => boolean;
  /** Most items handed to `deliver` at once (default 100). */
  maxBatch?: number;
  /** Attempts per item before it is given up as failed (default 4). */
  maxAttempts?: number;
  /** Delay before the first retry; doubles per attempt up to `maxBackoffMs` (defaults 1,000 / 8,000 ms). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Delay before pending items are delivered (watched) again (default 4,000 ms). */
  pendingPollMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

export type OutboxResult = { status: "sent" | "failed"; attempts: number; error?: unknown };

export type Outbox<T> = {
  /**
   * Queues an item (or the promise of one, e.g. a message still being encrypted: its place in
   * the order is taken now). Resolves once it went out or was given up (a pending item keeps
   * its place until it is sent or fails); a rejected promise fails the item at once.
   */
  enqueue(item: T | Promise<T>): Promise<OutboxResult>;
  /** Items queued or in flight. */
  size(): number;
};

type Entry<T> = {
  value: Promise<T>;
  ready: boolean;
  item?: T;
  attempts: number;
  settle: (result: OutboxResult) => void;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An ordered outbox: one delivery in flight at a time; whatever queued meanwhile goes out as
 * the next batch (consecutive ready items from the head, up to `maxBatch`). Items that fail are
 * retried at the head of the queue (so order holds) after an exponential backoff, and settle
 * as `failed` after `maxAttempts`; enqueue them again to retry by hand. Pending items stay at
 * the head and are delivered again every `pendingPollMs` without using up attempts.
 */
export function createOutbox<T>(options: OutboxOptions<T>): Outbox<T> {
  const {
    deliver,
    retryable = () => true,
    maxBatch = 100,
    maxAttempts = 4,
    backoffMs = 1_000,
    maxBackoffMs = 8_000,
    pendingPollMs = 4_000,
    sleep = defaultSleep,
  } = options;
  const queue: Entry<T>[] = [];
  let draining = false;

  const takeBatch = () => {
    const batch: Entry<T>[] = [];
    for (const entry of queue) {
      if (batch.length >= maxBatch || !entry.ready) break;
      batch.push(entry);
    }
    return batch;
  };

  const runBatch = async (batch: Entry<T>[]) => {
    let error: unknown;
    const outcomes = await deliver(batch.map((entry) => entry.item as T)).catch((cause: unknown) => {
      error = cause;
      return batch.map((): OutboxOutcome => "failed");
    });
    queue.splice(0, batch.length);
    const again: Entry<T>[] = [];
    let failures = 0;
    for (const [index, entry] of batch.entries()) {
      const outcome = outcomes[index];
      if (outcome === "pending") {
        again.push(entry);
        continue;
      }
      entry.attempts += 1;
      if (outcome === "sent") entry.settle({ status: "sent", attempts: entry.attempts });
      else if (entry.attempts >= maxAttempts || !retryable(entry.item as T)) entry.settle({ status: "failed", attempts: entry.attempts, error });
      else {
        again.push(entry);
        failures = Math.max(failures, entry.attempts);
      }
    }
    if (again.length === 0) return;
    queue.unshift(...again);
    await sleep(failures > 0 ? backoffDelay(failures - 1, backoffMs, maxBackoffMs) : pendingPollMs);
  };

  const drain = async () => {
    if (draining) return;
    draining = true;
    try {
      while (queue.length > 0) {
        const head = queue[0];
        try {
          head.item = await head.value;
          head.ready = true;
        } catch (error) {
          queue.shift();
          head.settle({ status: "failed", attempts: head.attempts, error });
          continue;
        }
        await runBatch(takeBatch());
      }
    } finally {
      draining = false;
    }
  };

  return {
    enqueue(item) {
      return new Promise<OutboxResult>((settle) => {
        const entry: Entry<T> = { value: Promise.resolve(item), ready: false, attempts: 0, settle };
        entry.value.then(
          (value) => {
            entry.item = value;
            entry.ready = true;
          },
          () => undefined,
        );
        queue.push(entry);
        void drain();
      });
    },
    size: () => queue.length,
  };
}
