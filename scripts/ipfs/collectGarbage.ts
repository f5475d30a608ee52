import * as dagPb from "@ipld/dag-pb";
import type { CID } from "multiformats/cid";
import { dagLinks, parseCid, readBlockBytes } from "../../core/ipfs/index.js";
import type { DurableBlockstore } from "./createDurableBlockstore.js";
import type { PinStore } from "./createPinStore.js";

/**
 * Delete every block no pin record (pinned, queued or pinning) reaches: blocks
 * of removed pins and of uploads that never completed. Only link-bearing
 * (dag-pb) blocks are read, so it is cheap even for large files. Run it while
 * nothing else writes (at start-up, before the API listens): an upload's blocks
 * land before its pin record does. Returns how many blocks were removed.
 */
export async function collectGarbage(durable: DurableBlockstore, pins: PinStore): Promise<number> {
  const live = new Set<string>();
  const queue = pins.query({ statuses: ["pinned", "queued", "pinning"] }).results.map((record) => parseCid(record.pin.cid));
  const held = new Map<string, CID>();
  for await (const cid of durable.list()) held.set(keyOf(cid), cid);
  while (queue.length > 0) {
    const cid = queue.pop()!;
    const key = keyOf(cid);
    if (live.has(key)) continue;
    live.add(key);
    const stored = held.get(key);
    if (stored === undefined || cid.code !== dagPb.code) continue;
    queue.push(...dagLinks(cid, await readBlockBytes(durable.store, stored)));
  }
  let removed = 0;
  for (const [key, cid] of held) {
    if (live.has(key)) continue;
    await durable.store.delete(cid);
    removed++;
  }
  return removed;
}

/** Blocks are identified by their multihash: the same bytes under another CID version or codec are the same block. */
function keyOf(cid: CID): string {
  return Buffer.from(cid.multihash.bytes).toString("hex");
}
