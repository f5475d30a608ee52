import type { Mortice } from "mortice";
import type { CID } from "multiformats/cid";
import { collectGarbage } from "./collectGarbage.js";
import type { DurableBlockstore } from "./createDurableBlockstore.js";

export interface GarbageCollector {
  /** Delete now what the DAGs of `cids` hold that nothing live reaches (waits for running uploads). */
  collect(cids: readonly CID[]): Promise<number>;
  /** The same, batched and in the background (a pin removed, a provisional pin or an upload expired). */
  schedule(cids: readonly CID[]): void;
  /** Resolves once every scheduled collection has run. */
  idle(): Promise<void>;
}

export interface GarbageCollectorOptions {
  durable: DurableBlockstore;
  /** Roots whose DAGs stay: every owner's pins (pinned, queued, pinning) and the open uploads. */
  liveRoots: () => CID[];
  /** Uploads hold its read lock while they write; a collection takes the write lock. */
  lock: Mortice;
  log: (line: string) => void;
}

/** Run-time garbage collection: removals take effect at once, never racing an upload's writes. */
export function createGarbageCollector(options: GarbageCollectorOptions): GarbageCollector {
  let pending: CID[] = [];
  let running: Promise<void> = Promise.resolve();

  async function collect(cids: readonly CID[]): Promise<number> {
    if (cids.length === 0) return 0;
    const release = await options.lock.writeLock();
    try {
      const removed = await collectGarbage(options.durable, options.liveRoots(), cids);
      if (removed > 0) options.log(`gc: removed ${removed} block(s) no pin reaches`);
      return removed;
    } finally {
      release();
    }
  }

  return {
    collect,
    schedule(cids) {
      if (cids.length === 0) return;
      if (pending.length === 0) {
        running = running.then(async () => {
          const batch = pending;
          pending = [];
          await collect(batch).catch((error: unknown) => options.log(`gc failed: ${error instanceof Error ? error.message : String(error)}`));
        });
      }
      pending.push(...cids);
    },
    idle: () => running,
  };
}
