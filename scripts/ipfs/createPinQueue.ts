import type { CID } from "multiformats/cid";
import { parseCid, walkDag, type BlockStore } from "@cairn/core/ipfs";
import type { DurableBlockstore } from "./createDurableBlockstore.js";
import type { PinRecord, PinStore } from "./createPinStore.js";
import { ByteQuotaError, DagTooLargeError } from "./errors.js";

export interface PinQueueOptions {
  /** The node's networked blockstore: missing blocks are fetched by bitswap and stored. */
  blockstore: BlockStore;
  durable: DurableBlockstore;
  pins: PinStore;
  /** Dial a pin's `origins` before fetching (best effort). */
  dial: (address: string, signal: AbortSignal) => Promise<unknown>;
  /** Per-block wait before the pin fails (default 60 s). */
  blockTimeoutMs?: number;
  /** Pins fetched at the same time (default 2). */
  concurrency?: number;
  /** The owner's byte quota and what it may still add. */
  byteQuota: (owner: string) => { limit: number; remaining: number };
  /** Most blocks one pinned DAG may have. */
  maxDagBlocks: number;
  /** A pin failed: what it fetched may go. */
  onFailed: (root: CID) => void;
  log: (line: string) => void;
}

export interface PinQueue {
  /** Fetch the pin's DAG in the background, fsync it, then mark the record pinned (or failed). */
  enqueue(record: PinRecord): void;
  /** Cancel running jobs; their records stay queued/pinning and resume on the next start. */
  stop(): Promise<void>;
}

/** Background worker for `POST /pins`: pulls whole DAGs over bitswap, bounded concurrency, within the owner's quota. */
export function createPinQueue(options: PinQueueOptions): PinQueue {
  const stopping = new AbortController();
  const waiting: PinRecord[] = [];
  const running = new Set<Promise<void>>();
  const limit = options.concurrency ?? 2;

  async function run(record: PinRecord): Promise<void> {
    const root: CID = parseCid(record.pin.cid);
    try {
      await options.pins.update(record.requestid, { status: "pinning" });
      await Promise.allSettled((record.pin.origins ?? []).map((address) => options.dial(address, stopping.signal)));
      const quota = options.byteQuota(record.owner);
      const dag: CID[] = [];
      let bytes = 0;
      for await (const block of walkDag(options.blockstore, root, { timeoutMs: options.blockTimeoutMs ?? 60_000, signal: stopping.signal })) {
        dag.push(block.cid);
        bytes += block.bytes.length;
        if (dag.length > options.maxDagBlocks) throw new DagTooLargeError(options.maxDagBlocks, "blocks");
        if (bytes > quota.remaining) throw new ByteQuotaError(quota.limit);
      }
      await options.durable.sync(dag);
      await options.pins.update(record.requestid, { status: "pinned", bytes, info: { blocks: String(dag.length) } });
      options.log(`pinned ${record.pin.cid} (${dag.length} blocks, bitswap)`);
    } catch (error) {
      if (stopping.signal.aborted) return;
      const reason = error instanceof Error ? error.message : String(error);
      options.log(`pin ${record.pin.cid} failed: ${reason}`);
      await options.pins.update(record.requestid, { status: "failed", info: { reason } }).catch(() => undefined);
      options.onFailed(root);
    }
  }

  function pump(): void {
    while (running.size < limit && waiting.length > 0 && !stopping.signal.aborted) {
      const job = run(waiting.shift()!).finally(() => {
        running.delete(job);
        pump();
      });
      running.add(job);
    }
  }

  return {
    enqueue(record) {
      waiting.push(record);
      pump();
    },
    async stop() {
      stopping.abort();
      waiting.length = 0;
      await Promise.all(running);
    },
  };
}
