import { describe, expect, it } from "@jest/globals";
import { CarBlockIterator } from "@ipld/car/iterator";
import { MemoryBlockstore } from "blockstore-core/memory";
import { unixfs } from "@helia/unixfs";
import * as dagPb from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import {
  addFileStream,
  BlockHashMismatchError,
  BlockNotFoundError,
  catFileStream,
  createStorage,
  exportCar,
  FileSizeMismatchError,
  IpfsAbortedError,
  NotAUnixFsFileError,
  verifyBlock,
  walkDag,
} from "@cairn/core/ipfs";
import { digestOf, MiB, pattern } from "./testBytes.js";

/** A MemoryBlockstore that counts the bytes written to it. */
function countingStore(): MemoryBlockstore & { written: () => number } {
  const store = new MemoryBlockstore();
  let written = 0;
  const put = store.put.bind(store);
  store.put = (cid: CID, bytes: Uint8Array, options?: object) => {
    written += bytes.length;
    return put(cid, bytes, options);
  };
  return Object.assign(store, { written: () => written });
}

describe("addFileStream / catFileStream", () => {
  it("round-trips several MiB byte for byte, reporting progress", async () => {
    const blockstore = new MemoryBlockstore();
    const size = 5 * MiB + 12345;
    const progress: number[] = [];
    const cid = await addFileStream({ blockstore }, pattern(size, 64 * 1024), { onProgress: (n) => progress.push(n) });
    expect(progress.at(-1)).toBe(size);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const original = await digestOf(pattern(size, 64 * 1024));
    const read: number[] = [];
    const copy = await digestOf(catFileStream({ blockstore }, cid, { onProgress: (n) => read.push(n) }));
    expect(copy).toEqual(original);
    expect(read.at(-1)).toBe(size);
  });

  it("is deterministic: the same bytes give the same root CID", async () => {
    const a = await addFileStream({ blockstore: new MemoryBlockstore() }, pattern(3 * MiB, 100_000));
    const b = await addFileStream({ blockstore: new MemoryBlockstore() }, pattern(3 * MiB, 777_777));
    expect(a.equals(b)).toBe(true);
  });

  it("pulls the source lazily: bytes produced never run far ahead of bytes stored", async () => {
    const blockstore = countingStore();
    let maxLag = 0;
    const size = 48 * MiB;
    await addFileStream({ blockstore }, pattern(size, 256 * 1024, (produced) => {
      maxLag = Math.max(maxLag, produced - blockstore.written());
    }));
    expect(blockstore.written()).toBeGreaterThanOrEqual(size);
    expect(maxLag).toBeLessThan(16 * MiB);
  });

  it("cancels an add through its signal", async () => {
    const controller = new AbortController();
    const source = pattern(64 * MiB, MiB, (produced) => {
      if (produced >= 3 * MiB) controller.abort();
    });
    await expect(addFileStream({ blockstore: new MemoryBlockstore() }, source, { signal: controller.signal })).rejects.toBeInstanceOf(
      IpfsAbortedError,
    );
  });

  it("cancels a cat through its signal", async () => {
    const blockstore = new MemoryBlockstore();
    const cid = await addFileStream({ blockstore }, pattern(4 * MiB, MiB));
    const controller = new AbortController();
    const reading = (async () => {
      for await (const _chunk of catFileStream({ blockstore }, cid, { signal: controller.signal })) controller.abort();
    })();
    await expect(reading).rejects.toBeInstanceOf(IpfsAbortedError);
  });

  it("reads lazily: blocks fetched never run far ahead of the consumer", async () => {
    const store = new MemoryBlockstore();
    const cid = await addFileStream({ blockstore: store }, pattern(32 * MiB, MiB));
    let fetched = 0;
    const counting = {
      async *get(key: CID, options?: { signal?: AbortSignal }) {
        const chunks: Uint8Array[] = [];
        for await (const chunk of store.get(key, options)) chunks.push(chunk);
        fetched += chunks.reduce((n, c) => n + c.length, 0);
        yield* chunks;
      },
      put: store.put.bind(store),
      has: store.has.bind(store),
    };
    let consumed = 0;
    let maxAhead = 0;
    for await (const chunk of catFileStream({ blockstore: counting }, cid, { prefetch: 4 })) {
      await new Promise((done) => setTimeout(done, 5));
      consumed += chunk.length;
      maxAhead = Math.max(maxAhead, fetched - consumed);
    }
    expect(consumed).toBe(32 * MiB);
    expect(maxAhead).toBeLessThanOrEqual(6 * MiB);
  });

  it("refuses a directory, and a file whose root declares the wrong size", async () => {
    const blockstore = new MemoryBlockstore();
    const directory = await unixfs({ blockstore }).addDirectory();
    await expect(digestOf(catFileStream({ blockstore }, directory))).rejects.toBeInstanceOf(NotAUnixFsFileError);

    const cid = await addFileStream({ blockstore }, pattern(3 * MiB, MiB));
    const root = dagPb.decode(await createStorage({ blockstore }).getBlock(cid));
    const meta = UnixFS.unmarshal(root.Data!);
    meta.blockSizes[0] = meta.blockSizes[0]! + 1n;
    const forgedBytes = dagPb.encode({ Data: meta.marshal(), Links: root.Links });
    const forgedRoot = CID.createV1(dagPb.code, await sha256.digest(forgedBytes));
    await blockstore.put(forgedRoot, forgedBytes);
    await expect(digestOf(catFileStream({ blockstore }, forgedRoot))).rejects.toBeInstanceOf(FileSizeMismatchError);
  });

  it("refuses a corrupted leaf while reading", async () => {
    const blockstore = new MemoryBlockstore();
    const cid = await addFileStream({ blockstore }, pattern(3 * MiB, MiB));
    const blocks = [];
    for await (const block of walkDag(blockstore, cid)) blocks.push(block);
    const leaf = blocks.at(-1)!;
    await blockstore.put(leaf.cid, new Uint8Array(leaf.bytes.length));
    await expect(digestOf(catFileStream({ blockstore }, cid))).rejects.toBeInstanceOf(BlockHashMismatchError);
  });

  it("reports a missing leaf as BlockNotFoundError", async () => {
    const blockstore = new MemoryBlockstore();
    const cid = await addFileStream({ blockstore }, pattern(3 * MiB, MiB));
    const blocks = [];
    for await (const block of walkDag(blockstore, cid)) blocks.push(block);
    await blockstore.delete(blocks.at(-1)!.cid);
    await expect(digestOf(catFileStream({ blockstore }, cid))).rejects.toBeInstanceOf(BlockNotFoundError);
  });
});

describe("exportCar", () => {
  it("streams every block of the DAG exactly once, rooted at the file", async () => {
    const blockstore = new MemoryBlockstore();
    const cid = await addFileStream({ blockstore }, pattern(4 * MiB + 1, MiB));
    const car = await CarBlockIterator.fromIterable(exportCar(blockstore, cid));
    const roots = await car.getRoots();
    expect(roots.map(String)).toEqual([cid.toString()]);
    const seen: string[] = [];
    for await (const block of car) {
      await verifyBlock(block.cid, block.bytes);
      seen.push(block.cid.toString());
    }
    expect(seen.length).toBe(6);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[0]).toBe(cid.toString());
    const copy = new MemoryBlockstore();
    for await (const block of await CarBlockIterator.fromIterable(exportCar(blockstore, cid))) await copy.put(block.cid, block.bytes);
    expect(await digestOf(catFileStream({ blockstore: copy }, cid))).toEqual(await digestOf(pattern(4 * MiB + 1, MiB)));
  });

  it("fails instead of producing a truncated CAR when a block is missing", async () => {
    const blockstore = new MemoryBlockstore();
    const cid = await addFileStream({ blockstore }, pattern(3 * MiB, MiB));
    const blocks = [];
    for await (const block of walkDag(blockstore, cid)) blocks.push(block);
    await blockstore.delete(blocks[2]!.cid);
    const drain = async (): Promise<void> => {
      for await (const _chunk of exportCar(blockstore, cid));
    };
    await expect(drain()).rejects.toBeInstanceOf(BlockNotFoundError);
  });
});
