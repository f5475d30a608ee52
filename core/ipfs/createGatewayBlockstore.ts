import type { CID } from "multiformats/cid";
import { raceSignal } from "race-signal";
import { readBlockBytes } from "./readBlockBytes.js";
import type { AbortOptions, BlockStore } from "./types.js";
import { verifyBlock } from "./verifyBlock.js";

export interface GatewayBlockstoreConfig {
  /** Base URL of a trustless gateway, e.g. the pinning node's `http://127.0.0.1:5050` (serves `GET /ipfs/<cid>?format=raw`). */
  url: string;
  /**
   * Where blocks are cached and looked up first; asked again (e.g. a Helia
   * blockstore, which then uses bitswap) when the gateway does not have a block.
   */
  local: BlockStore;
  fetch?: typeof globalThis.fetch;
}

/**
 * A blockstore that reads through a trustless HTTP gateway: local store first,
 * then `GET <url>/ipfs/<cid>?format=raw` (hash-verified, then cached locally),
 * then the local store's own fallback (bitswap for a Helia blockstore). Plain
 * HTTP is far faster than bitswap for big files; the hash check makes the
 * gateway untrusted. Writes go to the local store.
 */
export function createGatewayBlockstore(config: GatewayBlockstoreConfig): BlockStore {
  const baseUrl = config.url.replace(/\/+$/, "");
  const doFetch = config.fetch ?? globalThis.fetch.bind(globalThis);
  const { local } = config;

  async function fromGateway(cid: CID, signal: AbortSignal | undefined): Promise<Uint8Array | undefined> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/ipfs/${cid.toString()}?format=raw`, { headers: { accept: "application/vnd.ipld.raw" }, signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    await verifyBlock(cid, bytes);
    return bytes;
  }

  return {
    async *get(cid: CID, options: AbortOptions & { offline?: boolean } = {}) {
      if (await local.has(cid, options)) {
        yield await readBlockBytes(local, cid, options);
        return;
      }
      const bytes = options.offline ? undefined : await fromGateway(cid, options.signal);
      if (bytes === undefined) {
        yield await readBlockBytes(local, cid, options);
        return;
      }
      await raceSignal(Promise.resolve(local.put(cid, bytes, options)), options.signal);
      yield bytes;
    },
    put: (cid, bytes, options) => local.put(cid, bytes, options),
    has: (cid, options) => local.has(cid, options),
  };
}

