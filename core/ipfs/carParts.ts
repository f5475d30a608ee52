import type { CID } from "multiformats/cid";
import { encodeCar } from "./encodeCar.js";
import type { Block, BlockStore } from "./types.js";
import { walkDag, type WalkDagOptions } from "./walkDag.js";

/**
 * Split the DAG under `root` into CARs of about `partBytes` each, holding at most one part
 * in memory. Blocks go root first, in the walk's breadth-first order, so that every block
 * is linked from one sent before it (what Cairn's node checks as it stores them); every part
 * names `root` in its header. Yields the leading parts and returns the final one.
 */
export async function* carParts(
  blockstore: BlockStore,
  root: CID,
  options: WalkDagOptions & { partBytes: number },
): AsyncGenerator<Uint8Array, Uint8Array> {
  const { partBytes, ...walkOptions } = options;
  let part: Block[] = [];
  let size = 0;
  for await (const block of walkDag(blockstore, root, walkOptions)) {
    if (size >= partBytes) {
      yield await encodeCar([root], part);
      part = [];
      size = 0;
    }
    part.push(block);
    size += block.bytes.length;
  }
  return await encodeCar([root], part);
}
