import { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { sha256 } from "multiformats/hashes/sha2";
import { BlockNotFoundError, BlockUnavailableError, IpfsAbortedError } from "./errors.js";
import { isNotFoundError } from "./isNotFoundError.js";
import { parseCid, type CidInput } from "./parseCid.js";
import { raceSignal } from "race-signal";
import { readBlockBytes } from "./readBlockBytes.js";
import type { AbortOptions, BlockStore } from "./types.js";
import { throwIfAborted } from "./throwIfAborted.js";
import { verifyBlock } from "./verifyBlock.js";

/** Multicodec code of the `raw` codec: the block is opaque bytes. */
export const RAW_CODEC = 0x55;

/** How long `getBlock` waits for the network by default. */
export const DEFAULT_GET_TIMEOUT_MS = 30_000;

export interface GetBlockOptions extends AbortOptions {
  /** Give up with `BlockUnavailableError` after this many ms (default 30 s). */
  timeoutMs?: number;
  /** Only look in the local store, never ask the network (Helia blockstores). */
  offline?: boolean;
}

export interface CairnStorage {
  /** Store opaque bytes as a raw block; returns its CIDv1 (raw, sha2-256). */
  putBlock(bytes: Uint8Array, options?: AbortOptions): Promise<CID>;
  /** Fetch a block (locally, or from peers if the store is networked) and verify its hash. */
  getBlock(cid: CidInput, options?: GetBlockOptions): Promise<Uint8Array>;
  /** Whether the block is in the local store. */
  hasBlock(cid: CidInput, options?: AbortOptions): Promise<boolean>;
}

/**
 * Raw-block storage over the smallest dependency: any blockstore (a
 * MemoryBlockstore in tests, IndexedDB in the browser, a Helia node's
 * networked blockstore in the app).
 */
export function createStorage({ blockstore }: { blockstore: BlockStore }): CairnStorage {
  return {
    async putBlock(bytes, options = {}) {
      throwIfAborted(options.signal);
      const cid = CID.createV1(RAW_CODEC, await sha256.digest(bytes));
      await raceSignal(Promise.resolve(blockstore.put(cid, bytes, options)), options.signal).catch((cause: unknown) => {
        throw options.signal?.aborted ? new IpfsAbortedError({ cause }) : cause;
      });
      return cid;
    },

    async getBlock(input, options = {}) {
      const cid = parseCid(input);
      throwIfAborted(options.signal);
      if (cid.multihash.code === identity.code) return cid.multihash.digest;
      const timeoutMs = options.timeoutMs ?? DEFAULT_GET_TIMEOUT_MS;
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      let bytes: Uint8Array;
      try {
        bytes = await raceSignal(readBlockBytes(blockstore, cid, { signal, offline: options.offline }), signal);
      } catch (cause) {
        if (options.signal?.aborted) throw new IpfsAbortedError({ cause });
        if (timeout.aborted) throw new BlockUnavailableError(cid.toString(), { cause, timeoutMs });
        if (isNotFoundError(cause)) throw new BlockNotFoundError(cid.toString(), { cause });
        throw cause;
      }
      await verifyBlock(cid, bytes);
      return bytes;
    },

    async hasBlock(input, options = {}) {
      const cid = parseCid(input);
      throwIfAborted(options.signal);
      return await blockstore.has(cid, options);
    },
  };
}
