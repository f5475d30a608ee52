import type { CID } from "multiformats/cid";
import { concatBytes } from "@noble/hashes/utils.js";
import type { AbortOptions, BlockGetResult, BlockStore } from "./types.js";

/**
 * Read one block's bytes whatever shape the store returns them in
 * (bytes, promise of bytes, or a sync/async chunk stream). Does not verify.
 */
export async function readBlockBytes(
  store: Pick<BlockStore, "get">,
  cid: CID,
  options: AbortOptions & { offline?: boolean } = {},
): Promise<Uint8Array> {
  const result: BlockGetResult = store.get(cid, options);
  if (result instanceof Uint8Array) return result;
  if (result instanceof Promise) return await result;
  const chunks: Uint8Array[] = [];
  if (Symbol.asyncIterator in result) {
    for await (const chunk of result) chunks.push(chunk);
  } else {
    for (const chunk of result) chunks.push(chunk);
  }
  // A block stored as one chunk (the usual case) is returned without a copy.
  return chunks.length === 1 ? chunks[0]! : concatBytes(...chunks);
}
