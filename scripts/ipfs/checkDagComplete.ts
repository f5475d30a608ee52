import type { CID } from "multiformats/cid";
import { createStorage, dagLinks, type BlockStore } from "@cairn/core/ipfs";
import { IncompleteDagError } from "./errors.js";

/**
 * Prove that every block under `starts` (part of the DAG of `root`) is in `blockstore`: each
 * is read, verified and its links followed. Throws `IncompleteDagError` naming the first
 * missing block.
 */
export async function checkDagComplete(root: CID, starts: readonly CID[], blockstore: BlockStore): Promise<void> {
  const storage = createStorage({ blockstore });
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length > 0) {
    const cid = queue.pop()!;
    const key = cid.toString();
    if (seen.has(key)) continue;
    seen.add(key);
    if (!(await storage.hasBlock(cid))) throw new IncompleteDagError(root.toString(), key);
    queue.push(...dagLinks(cid, await storage.getBlock(cid, { offline: true })));
  }
}
