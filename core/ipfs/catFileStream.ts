import { unixfs } from "@helia/unixfs";
import type { CID } from "multiformats/cid";
import { createStorage, type GetBlockOptions } from "./createStorage.js";
import { parseCid, type CidInput } from "./parseCid.js";
import { throwIfAborted } from "./throwIfAborted.js";
import { toIpfsError } from "./toIpfsError.js";
import type { AbortOptions, BlockStore } from "./types.js";

export interface CatFileStreamOptions extends AbortOptions {
  /** Called after each chunk is yielded with the total number of bytes so far. */
  onProgress?: (bytesRead: number) => void;
  /** Per-block wait before `BlockUnavailableError` (default 30 s). */
  timeoutMs?: number;
  /** Only read the local store (Helia blockstores). */
  offline?: boolean;
}

/**
 * Read a UnixFS file as a stream of byte chunks. Every block is verified
 * against its CID as it arrives (local or fetched), so the output is exactly
 * what was added. Chunk boundaries follow the DAG's leaves, not the writer's.
 */
export async function* catFileStream(
  source: { blockstore: BlockStore },
  cid: CidInput,
  options: CatFileStreamOptions = {},
): AsyncGenerator<Uint8Array> {
  const root = parseCid(cid);
  const { signal, onProgress, timeoutMs, offline } = options;
  throwIfAborted(signal);
  const fs = unixfs({ blockstore: verifyingBlockstore(source.blockstore, { timeoutMs, offline }) });
  let bytesRead = 0;
  try {
    for await (const chunk of fs.cat(root, { signal })) {
      throwIfAborted(signal);
      bytesRead += chunk.length;
      yield chunk;
      onProgress?.(bytesRead);
    }
  } catch (error) {
    throw toIpfsError(error, signal, root.toString());
  }
}

/** A read-only view of `blockstore` whose `get` verifies each block's hash. */
function verifyingBlockstore(blockstore: BlockStore, defaults: Omit<GetBlockOptions, "signal">) {
  const storage = createStorage({ blockstore });
  return {
    async *get(key: CID, options: AbortOptions = {}): AsyncGenerator<Uint8Array> {
      yield await storage.getBlock(key, { ...defaults, signal: options.signal });
    },
    async has(key: CID): Promise<boolean> {
      return await blockstore.has(key);
    },
    put(): never {
      throw new TypeError("catFileStream reads only");
    },
  };
}
