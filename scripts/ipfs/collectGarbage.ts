import * as dagPb from "@ipld/dag-pb";
import type { CID } from "multiformats/cid";
import { dagLinks, readBlockBytes } from "@cairn/core/ipfs";
import type { DurableBlockstore } from "./createDurableBlockstore.js";

/**
 * Delete the blocks no live root reaches. Live: every block linked, directly or through held
 * dag-pb blocks, from `liveRoots` (pins of every owner, open uploads). Without `candidates`,
 * every held block is considered (at start-up); with them, only the blocks of those DAGs (a
 * removed pin, a refused or expired upload), so a run costs the live DAGs' dag-pb blocks and
 * the candidates, not the whole store. Only link-bearing (dag-pb) blocks are read. The caller
 * keeps writers out while it runs. Returns how many blocks were removed.
 */
export async function collectGarbage(durable: DurableBlockstore, liveRoots: readonly CID[], candidates?: readonly CID[]): Promise<number> {
  const store = durable.store;
  const live = new Set<string>();
  const queue = [...liveRoots];
  while (queue.length > 0) {
    const cid = queue.pop()!;
    const key = keyOf(cid);
    if (live.has(key)) continue;
    live.add(key);
    if (cid.code === dagPb.code && (await store.has(cid))) queue.push(...dagLinks(cid, await readBlockBytes(store, cid)));
  }

  let removed = 0;
  const remove = async (cid: CID): Promise<void> => {
    await store.delete(cid);
    removed++;
  };
  if (candidates === undefined) {
    for await (const cid of durable.list()) if (!live.has(keyOf(cid))) await remove(cid);
    return removed;
  }
  const seen = new Set<string>();
  const doomed = [...candidates];
  while (doomed.length > 0) {
    const cid = doomed.pop()!;
    const key = keyOf(cid);
    if (live.has(key) || seen.has(key)) continue;
    seen.add(key);
    if (!(await store.has(cid))) continue;
    if (cid.code === dagPb.code) doomed.push(...dagLinks(cid, await readBlockBytes(store, cid)));
    await remove(cid);
  }
  return removed;
}

/** Blocks are identified by their multihash: the same bytes under another CID version or codec are the same block. */
function keyOf(cid: CID): string {
  return Buffer.from(cid.multihash.bytes).toString("hex");
}
