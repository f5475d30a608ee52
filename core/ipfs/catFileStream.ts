import * as dagPb from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import type { CID } from "multiformats/cid";
import { createStorage, RAW_CODEC } from "./createStorage.js";
import { FileSizeMismatchError, NotAUnixFsFileError, UnsupportedCodecError } from "./errors.js";
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
  /** Blocks fetched ahead of the reader (default 8); memory stays within about this many blocks. */
  prefetch?: number;
}

interface Pending {
  cid: CID;
  fetched?: Promise<Uint8Array>;
}

/**
 * Read a UnixFS file as a stream of byte chunks, in order. Every block is
 * verified against its CID as it arrives (local or fetched from peers), up to
 * `prefetch` blocks are fetched ahead, and nothing more is read until the
 * consumer asks: memory stays bounded whatever the file size (unlike the
 * UnixFS exporter, which buffers without backpressure). Chunk boundaries follow
 * the DAG's leaves (1 MiB for files from `addFileStream`).
 */
export async function* catFileStream(
  source: { blockstore: BlockStore },
  cid: CidInput,
  options: CatFileStreamOptions = {},
): AsyncGenerator<Uint8Array> {
  const root = parseCid(cid);
  const { signal, onProgress, timeoutMs, offline, prefetch = 8 } = options;
  throwIfAborted(signal);
  const storage = createStorage({ blockstore: source.blockstore });
  const stop = new AbortController();
  const fetchSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const fetch = (entry: Pending): Promise<Uint8Array> => {
    entry.fetched ??= storage.getBlock(entry.cid, { signal: fetchSignal, timeoutMs, offline });
    entry.fetched.catch(() => undefined);
    return entry.fetched;
  };
  const pending: Pending[] = [{ cid: root }];
  let declaredSize: bigint | undefined;
  let bytesRead = 0;
  try {
    while (pending.length > 0) {
      for (const entry of pending.slice(0, prefetch)) void fetch(entry);
      const entry = pending.shift()!;
      const block = await fetch(entry);
      throwIfAborted(signal);
      const { data, children, fileSize } = decodeFileNode(entry.cid, block);
      if (entry.cid === root) declaredSize = fileSize;
      pending.unshift(...children.map((child) => ({ cid: child })));
      if (data.length === 0) continue;
      bytesRead += data.length;
      yield data;
      onProgress?.(bytesRead);
    }
    if (declaredSize !== undefined && declaredSize !== BigInt(bytesRead)) {
      throw new FileSizeMismatchError(root.toString(), declaredSize, BigInt(bytesRead));
    }
  } catch (error) {
    throw toIpfsError(error, signal, root.toString());
  } finally {
    stop.abort();
  }
}

/** The bytes a file node carries itself, the children that follow them in order, and the size it declares. */
function decodeFileNode(cid: CID, block: Uint8Array): { data: Uint8Array; children: CID[]; fileSize?: bigint } {
  if (cid.code === RAW_CODEC) return { data: block, children: [] };
  if (cid.code !== dagPb.code) throw new UnsupportedCodecError(cid.toString(), cid.code);
  let node: dagPb.PBNode;
  let unixfs: UnixFS;
  try {
    node = dagPb.decode(block);
    if (node.Data === undefined) throw new Error("no UnixFS data");
    unixfs = UnixFS.unmarshal(node.Data);
  } catch (cause) {
    throw new NotAUnixFsFileError(cid.toString(), cause instanceof Error ? cause.message : String(cause));
  }
  if (unixfs.type !== "file" && unixfs.type !== "raw") throw new NotAUnixFsFileError(cid.toString(), `type is ${unixfs.type}`);
  return { data: unixfs.data ?? new Uint8Array(0), children: node.Links.map((link) => link.Hash), fileSize: unixfs.fileSize() };
}
