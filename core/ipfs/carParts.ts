import type { CID } from "multiformats/cid";
import { encodeCar } from "./encodeCar.js";
import type { Block, BlockStore } from "./types.js";
import { walkDag, type WalkDagOptions } from "./walkDag.js";

/**
 * Split the DAG under `root` into CARs of about `partBytes` each, holding at
 * most one part in memory. Yields the leading parts (each names its first block
 * as root, since a CAR needs one) and returns the final CAR, which carries the
 * root block: the DAG can only be complete (and pinned) once every other part
 * has been delivered.
 */
export async function* carParts(
  blockstore: BlockStore,
  root: CID,
  options: WalkDagOptions & { partBytes: number },
): AsyncGenerator<Uint8Array, Uint8Array> {
  const { partBytes, ...walkOptions } = options;
  let rootBlock: Block | undefined;
  let part: Block[] = [];
  let size = 0;
  for await (const block of walkDag(blockstore, root, walkOptions)) {
    if (block.cid.equals(root)) {
      rootBlock = block;
      continue;
    }
    part.push(block);
    size += block.bytes.length;
    if (size >= partBytes) {
      yield await encodeCar([part[0]!.cid], part);
      part = [];
      size = 0;
    }
  }
  return await encodeCar([root], [...part, rootBlock!]);
}
