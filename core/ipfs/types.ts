import type { CID } from "multiformats/cid";

/** Options every cancellable IPFS call accepts. */
export interface AbortOptions {
  signal?: AbortSignal;
}

/** What a block store may hand back from `get`: whole bytes (old stores) or a chunk stream (interface-blockstore 7). */
export type BlockGetResult =
  | Uint8Array
  | Promise<Uint8Array>
  | Iterable<Uint8Array>
  | AsyncIterable<Uint8Array>;

/**
 * The smallest block store Cairn needs: a blockstore-core `MemoryBlockstore`, a
 * blockstore-idb / blockstore-fs store, or a Helia node's `blockstore` (which
 * fetches missing blocks from the network, e.g. by bitswap, honouring `signal`).
 */
export interface BlockStore {
  get(cid: CID, options?: AbortOptions & { offline?: boolean }): BlockGetResult;
  put(cid: CID, bytes: Uint8Array, options?: AbortOptions): unknown;
  has(cid: CID, options?: AbortOptions): boolean | Promise<boolean>;
}

/** A decoded block: its CID and its (already verified) bytes. */
export interface Block {
  cid: CID;
  bytes: Uint8Array;
}
