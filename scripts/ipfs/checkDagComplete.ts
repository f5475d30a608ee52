import type { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { createStorage, dagLinks, type BlockStore } from "../../core/ipfs/index.js";
import { IncompleteDagError } from "./errors.js";

/**
 * Prove every block under `roots` is present. Links of blocks just received
 * are taken from `knownLinks` (no re-read); any other block must already be in
 * `blockstore`, where it is read, verified and followed. Returns every CID of
 * the DAG(s); throws `IncompleteDagError` naming the first missing block.
 */
export async function checkDagComplete(
  roots: readonly CID[],
  knownLinks: ReadonlyMap<string, readonly CID[]>,
  blockstore: BlockStore,
): Promise<CID[]> {
  const storage = createStorage({ blockstore });
  const seen = new Set<string>();
  const all: CID[] = [];
  for (const root of roots) {
    const queue: CID[] = [root];
    while (queue.length > 0) {
      const cid = queue.pop()!;
      const key = cid.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(cid);
      const links = knownLinks.get(key) ?? (await storedLinks(cid));
      queue.push(...links);
    }

    async function storedLinks(cid: CID): Promise<readonly CID[]> {
      if (cid.multihash.code !== identity.code && !(await storage.hasBlock(cid))) throw new IncompleteDagError(root.toString(), cid.toString());
      return dagLinks(cid, await storage.getBlock(cid, { offline: true }));
    }
  }
  return all;
}
