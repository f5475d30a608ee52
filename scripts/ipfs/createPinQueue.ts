import type { CID } from "multiformats/cid";
import { parseCid, walkDag, type BlockStore, type PinStatus } from "../../core/ipfs/index.js";
import type { DurableBlockstore } from "./createDurableBlockstore.js";
import type { PinStore } from "./createPinStore.js";

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
  log: (line: string) => void;
}

export interface PinQueue {
  /** Fetch the pin's DAG in the background, fsync it, then mark the record pinned (or failed). */
  enqueue(record: PinStatus): void;
  /** Cancel running jobs; their records stay queued/pinning and resume on the next start. */
  stop(): Promise<void>;
}

/** Background worker for `POST /pins`: pulls whole DAGs over bitswap, bounded concurrency. */
export function createPinQueue(options: PinQueueOptions): PinQueue {
  const stopping = new AbortController();
  const waiting: PinStatus[] = [];
  const running = new Set<Promise<void>>();
  const limit = options.concurrency ?? 2;

  async function run(record: PinStatus): Promise<void> {
    const root: CID = parseCid(record.pin.cid);
    try {
      await options.pins.update(record.requestid, { status: "pinning" });
      await Promise.allSettled((record.pin.origins ?? []).map((address) => options.dial(address, stopping.signal)));
      const dag: CID[] = [];
      for await (const block of walkDag(options.blockstore, root, { timeoutMs: options.blockTimeoutMs ?? 60_000, signal: stopping.signal })) {
        dag.push(block.cid);
      }
      await options.durable.sync(dag);
      await options.pins.update(record.requestid, { status: "pinned", info: { blocks: String(dag.length) } });
      options.log(`pinned ${record.pin.cid} (${dag.length} blocks, bitswap)`);
    } catch (error) {
      if (stopping.signal.aborted) return;
      const reason = error instanceof Error ? error.message : String(error);
      options.log(`pin ${record.pin.cid} failed: ${reason}`);
      await options.pins.update(record.requestid, { status: "failed", info: { reason } }).catch(() => undefined);
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
