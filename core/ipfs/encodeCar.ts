import { CarWriter } from "@ipld/car/writer";
import type { CID } from "multiformats/cid";
import { concatBytes } from "@noble/hashes/utils.js";
import type { Block } from "./types.js";

/** A CARv1 holding `blocks` under `roots`, in memory (for bounded parts; stream big DAGs with `exportCar`). */
export async function encodeCar(roots: CID[], blocks: Iterable<Block>): Promise<Uint8Array> {
  const { writer, out } = CarWriter.create(roots);
  const chunks: Uint8Array[] = [];
  const collected = (async () => {
    for await (const chunk of out) chunks.push(chunk);
  })();
  for (const block of blocks) await writer.put(block);
  await writer.close();
  await collected;
  return concatBytes(...chunks);
}
