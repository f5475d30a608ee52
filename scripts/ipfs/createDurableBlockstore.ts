import { FsBlockstore } from "blockstore-fs";
import { NextToLast } from "blockstore-fs/sharding";
import type { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { fsyncPath } from "./fsyncPath.js";

export interface DurableBlockstore {
  /** The filesystem blockstore (blocks are written atomically: temp file + rename). */
  store: FsBlockstore;
  /** fsync the files of `cids` and their directories, so they survive power loss. */
  sync(cids: Iterable<CID>): Promise<void>;
  /** Every CID held on disk. */
  list(): AsyncGenerator<CID>;
}

const SYNC_CONCURRENCY = 32;

/**
 * blockstore-fs writes each block atomically (steno: temp + rename) but never
 * fsyncs. This adds `sync` (identity CIDs are inline, never stored), which the
 * pinning node calls on every block of a DAG before it acknowledges the pin,
 * and `list`. Opening removes temp files left by writes a crash interrupted.
 */
export async function createDurableBlockstore(path: string): Promise<DurableBlockstore> {
  const sharding = new NextToLast();
  const store = new FsBlockstore(path, { shardingStrategy: sharding });
  await store.open();

  async function* files(): AsyncGenerator<{ dir: string; name: string }> {
    for (const shard of await readdir(store.path, { withFileTypes: true })) {
      if (!shard.isDirectory()) continue;
      const dir = join(store.path, shard.name);
      for (const name of await readdir(dir)) yield { dir, name };
    }
  }

  for await (const { dir, name } of files()) if (name.endsWith(".tmp")) await unlink(join(dir, name));

  return {
    store,
    async sync(cids) {
      const paths: string[] = [];
      const dirs = new Set<string>([store.path]);
      for (const cid of cids) {
        if (cid.multihash.code === identity.code) continue;
        const { dir, file } = sharding.encode(cid);
        paths.push(join(store.path, dir, file));
        dirs.add(join(store.path, dir));
      }
      await forEachLimited(paths, SYNC_CONCURRENCY, fsyncPath);
      await forEachLimited([...dirs], SYNC_CONCURRENCY, fsyncPath);
    },
    async *list() {
      for await (const { name } of files()) if (name.endsWith(sharding.extension)) yield sharding.decode(name);
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
