import type { CID } from "multiformats/cid";
import { raceSignal } from "race-signal";
import { fetchGatewayBlock } from "./fetchGatewayBlock.js";
import { readBlockBytes } from "./readBlockBytes.js";
import { sleep } from "./sleep.js";
import type { AbortOptions, BlockStore } from "./types.js";

export interface GatewayBlockstoreConfig {
  /** Base URL of a trustless gateway, e.g. the pinning node's `http://127.0.0.1:5050` (serves `GET /ipfs/<cid>?format=raw`). */
  url: string;
  /**
   * Where blocks are cached and looked up first; asked again (e.g. a Helia
   * blockstore, which then uses bitswap) when the gateway does not have a block.
   */
  local: BlockStore;
  fetch?: typeof globalThis.fetch;
  /** Largest reply accepted for one block (default 2 MiB, the largest block IPFS exchanges); a longer one is cut off and not used. */
  maxBlockBytes?: number;
  /**
   * Ask the local store (its peers, over bitswap) first and the gateway too only if the block has
   * not come after this many ms; the first answer wins. For small blocks that a connected peer
   * answers in one round trip (messages). Unset: the gateway first, then the local store (files).
   */
  peersFirstMs?: number;
}

/**
 * A blockstore that reads through a trustless HTTP gateway: local store first, then
 * `GET <url>/ipfs/<cid>?format=raw` (fetchGatewayBlock: size-capped, hash-verified, then cached
 * locally) and the local store's own fallback (bitswap for a Helia blockstore), in the order that
 * `peersFirstMs` chooses. Plain HTTP is far faster than bitswap for big files; the size cap and
 * the hash check make the gateway untrusted. A Cairn pinning node's gateway reads through to its
 * peered nodes, so a block pinned only on another node still arrives. Writes go to the local store.
 */
export function createGatewayBlockstore(config: GatewayBlockstoreConfig): BlockStore {
  const { local } = config;
  const fromGateway = (cid: CID, signal: AbortSignal | undefined) =>
    fetchGatewayBlock(config.url, cid, { signal, fetch: config.fetch, maxBlockBytes: config.maxBlockBytes });
  const keep = async (cid: CID, bytes: Uint8Array, options: AbortOptions) => {
    await raceSignal(Promise.resolve(local.put(cid, bytes, options)), options.signal);
    return bytes;
  };

  async function gatewayFirst(cid: CID, options: AbortOptions): Promise<Uint8Array> {
    const bytes = await fromGateway(cid, options.signal);
    return bytes === undefined ? await readBlockBytes(local, cid, options) : await keep(cid, bytes, options);
  }

  async function peersFirst(cid: CID, options: AbortOptions, afterMs: number): Promise<Uint8Array> {
    const settled = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, settled.signal]) : settled.signal;
    const gateway = async () => {
      await sleep(afterMs, signal);
      const bytes = await fromGateway(cid, signal);
      if (bytes === undefined) throw new Error(`the gateway does not have ${cid.toString()}`);
      return await keep(cid, bytes, { signal });
    };
    try {
      return await Promise.any([readBlockBytes(local, cid, { signal }), gateway()]);
    } catch (error) {
      // Both failed: the local store's reason (not found, aborted, timed out) is the one to report.
      throw error instanceof AggregateError ? error.errors[0] : error;
    } finally {
      settled.abort();
    }
  }

  return {
    async *get(cid: CID, options: AbortOptions & { offline?: boolean } = {}) {
      if (options.offline || (await local.has(cid, options))) {
        yield await readBlockBytes(local, cid, options);
        return;
      }
      yield config.peersFirstMs === undefined ? await gatewayFirst(cid, options) : await peersFirst(cid, options, config.peersFirstMs);
    },
    put: (cid, bytes, options) => local.put(cid, bytes, options),
    has: (cid, options) => local.has(cid, options),
  };
}
