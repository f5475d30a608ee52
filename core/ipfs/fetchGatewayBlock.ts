import { concatBytes } from "@noble/hashes/utils.js";
import type { CID } from "multiformats/cid";
import { verifyBlock } from "./verifyBlock.js";

/** The largest block IPFS implementations exchange (bitswap's limit). */
export const MAX_BLOCK_BYTES = 2 * 1024 * 1024;

export interface FetchGatewayBlockOptions {
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
  /** Largest reply accepted (default 2 MiB, the largest block IPFS exchanges); a longer one is cut off and not used. */
  maxBlockBytes?: number;
  /**
   * Ask only for what the gateway holds (`Cache-Control: only-if-cached`): a Cairn pinning node
   * then answers without asking its peered nodes, which is how peered nodes read from each other
   * without asking back.
   */
  onlyIfCached?: boolean;
}

/**
 * One block from a trustless gateway: `GET <baseUrl>/ipfs/<cid>?format=raw`, at most
 * `maxBlockBytes` read, hash-verified (a tampered block throws BlockHashMismatchError).
 * Undefined when the gateway cannot be reached or does not have the block; throws only on abort.
 */
export async function fetchGatewayBlock(baseUrl: string, cid: CID, options: FetchGatewayBlockOptions = {}): Promise<Uint8Array | undefined> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const maxBytes = options.maxBlockBytes ?? MAX_BLOCK_BYTES;
  const headers: Record<string, string> = { accept: "application/vnd.ipld.raw" };
  if (options.onlyIfCached) headers["cache-control"] = "only-if-cached";
  let response: Response;
  try {
    response = await doFetch(`${baseUrl.replace(/\/+$/, "")}/ipfs/${cid.toString()}?format=raw`, { headers, signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
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
