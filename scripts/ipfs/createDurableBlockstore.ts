import { FsBlockstore } from "blockstore-fs";
import { NextToLast } from "blockstore-fs/sharding";
import type { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { join } from "node:path";
import { fsyncPath } from "./fsyncPath.js";

export interface DurableBlockstore {
  /** The filesystem blockstore (blocks are written atomically: temp file + rename). */
  store: FsBlockstore;
  /** fsync the files of `cids` and their directories, so they survive power loss. */
  sync(cids: Iterable<CID>): Promise<void>;
}

const SYNC_CONCURRENCY = 32;

/**
 * blockstore-fs writes each block atomically (steno: temp + rename) but never
 * fsyncs. This adds `sync` (identity CIDs are inline, never stored), which the pinning node calls on every block of a
 * DAG before it acknowledges the pin.
 */
export async function createDurableBlockstore(path: string): Promise<DurableBlockstore> {
  const sharding = new NextToLast();
  const store = new FsBlockstore(path, { shardingStrategy: sharding });
  await store.open();
  return {
    store,
    async sync(cids) {
      const files: string[] = [];
      const dirs = new Set<string>([store.path]);
      for (const cid of cids) {
        if (cid.multihash.code === identity.code) continue;
        const { dir, file } = sharding.encode(cid);
        files.push(join(store.path, dir, file));
        dirs.add(join(store.path, dir));
      }
      await forEachLimited(files, SYNC_CONCURRENCY, fsyncPath);
      await forEachLimited([...dirs], SYNC_CONCURRENCY, fsyncPath);
    },
  };
}

async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
