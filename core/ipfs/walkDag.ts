import type { CID } from "multiformats/cid";
import { createStorage, type GetBlockOptions } from "./createStorage.js";
import { dagLinks } from "./dagLinks.js";
import type { Block, BlockStore } from "./types.js";

export interface WalkDagOptions extends GetBlockOptions {
  /** Blocks fetched ahead of the one being yielded (default 16). Bounds memory to this many blocks. */
  concurrency?: number;
}

/**
 * Yield every block of the DAG under `root` once (breadth first), each verified
 * against its CID. Blocks missing from a networked store are fetched, up to
 * `concurrency` at a time. Throws the typed `getBlock` errors for a missing,
 * unavailable or corrupt block, so a complete walk proves the DAG is complete.
 */
export async function* walkDag(blockstore: BlockStore, root: CID, options: WalkDagOptions = {}): AsyncGenerator<Block> {
  const { concurrency = 16, signal, ...getOptions } = options;
  const storage = createStorage({ blockstore });
  const stop = new AbortController();
  const fetchSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const fetch = (cid: CID): Promise<Block> => {
    const pending = storage.getBlock(cid, { ...getOptions, signal: fetchSignal }).then((bytes) => ({ cid, bytes }));
    pending.catch(() => undefined);
    return pending;
  };
  const seen = new Set<string>([root.toString()]);
  const queue: CID[] = [root];
  const inFlight: Promise<Block>[] = [];
  try {
    while (queue.length > 0 || inFlight.length > 0) {
      while (inFlight.length < concurrency && queue.length > 0) inFlight.push(fetch(queue.shift()!));
      const block = await inFlight.shift()!;
      for (const link of dagLinks(block.cid, block.bytes)) {
        const key = link.toString();
        if (seen.has(key)) continue;
        seen.add(key);
        queue.push(link);
      }
      yield block;
    }
  } finally {
    stop.abort();
  }
}
