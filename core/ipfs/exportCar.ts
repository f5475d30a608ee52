import { CarWriter } from "@ipld/car/writer";
import type { CID } from "multiformats/cid";
import type { BlockStore } from "./types.js";
import { walkDag, type WalkDagOptions } from "./walkDag.js";

/**
 * Stream the DAG under `root` as a CARv1 (root = `root`), reading blocks from
 * `blockstore` with bounded prefetch. A missing or corrupt block makes the
 * stream throw instead of ending, so a truncated CAR is never silently produced.
 */
export async function* exportCar(blockstore: BlockStore, root: CID, options: WalkDagOptions = {}): AsyncGenerator<Uint8Array> {
  const { writer, out } = CarWriter.create([root]);
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let failure: { error: unknown } | undefined;
  const pump = (async () => {
    try {
      for await (const block of walkDag(blockstore, root, { ...options, signal })) await writer.put(block);
    } catch (error) {
      failure = { error };
    } finally {
      await writer.close();
    }
  })();
  try {
    for await (const chunk of out) yield chunk;
    await pump;
    if (failure) throw failure.error;
  } finally {
    stop.abort();
  }
}
