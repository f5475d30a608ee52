import { concatBytes } from "@noble/hashes/utils.js";
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
  /** Largest reply accepted for one block (default 2 MiB, the largest block IPFS exchanges); a longer one is cut off and not used. */
  maxBlockBytes?: number;
}

/** The largest block IPFS implementations exchange (bitswap's limit). */
export const MAX_BLOCK_BYTES = 2 * 1024 * 1024;

/**
 * A blockstore that reads through a trustless HTTP gateway: local store first,
 * then `GET <url>/ipfs/<cid>?format=raw` (at most `maxBlockBytes` read,
 * hash-verified, then cached locally), then the local store's own fallback
 * (bitswap for a Helia blockstore). Plain HTTP is far faster than bitswap for
 * big files; the size cap and the hash check make the gateway untrusted.
 * Writes go to the local store.
 */
export function createGatewayBlockstore(config: GatewayBlockstoreConfig): BlockStore {
  const baseUrl = config.url.replace(/\/+$/, "");
  const doFetch = config.fetch ?? globalThis.fetch.bind(globalThis);
  const { local } = config;
  const maxBytes = config.maxBlockBytes ?? MAX_BLOCK_BYTES;

  async function fromGateway(cid: CID, signal: AbortSignal | undefined): Promise<Uint8Array | undefined> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/ipfs/${cid.toString()}?format=raw`, { headers: { accept: "application/vnd.ipld.raw" }, signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      return undefined;
    }
    if (!response.ok || Number(response.headers.get("content-length") ?? 0) > maxBytes) {
      await response.body?.cancel();
      return undefined;
    }
    const bytes = await readCapped(response, maxBytes);
    if (bytes === undefined) return undefined;
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

/** The reply's body if it is at most `maxBytes` long; reading stops (and the reply is cancelled) as soon as it is longer. */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  if (response.body === null) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    length += next.value.length;
    if (length > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(next.value);
  }
  return concatBytes(...chunks);
}
