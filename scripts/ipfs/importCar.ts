import { CarBlockIterator } from "@ipld/car/iterator";
import type { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { dagLinks, verifyBlock, type BlockStore } from "../../core/ipfs/index.js";
import { checkDagComplete } from "./checkDagComplete.js";
import { createWriteWindow } from "./createWriteWindow.js";
import { BlockWriteError, InvalidCarError, isBadContentError, PayloadTooLargeError, PinApiError } from "./errors.js";

export interface ImportCarOptions {
  /** Reject (413) once the body passes this many bytes. */
  maxBytes: number;
  /** Where verified blocks are written (a Helia blockstore, so waiting peers are notified). */
  target: Pick<BlockStore, "put">;
  /** The local store used to check the DAG is complete (never touches the network). */
  local: BlockStore;
  /** One part of a DAG sent in several CARs: store the verified blocks, skip the completeness check. */
  partial?: boolean;
}

export interface ImportCarResult {
  roots: CID[];
  /** Every CID of the DAG(s) under the roots: what must be fsync'd before acknowledging (empty for a partial CAR). */
  dag: CID[];
  blocks: number;
  bytes: number;
}

/**
 * Stream a CAR into the blockstore: bound its size, verify every block's hash
 * against its CID before writing it, then check the DAG under each root is
 * complete. Nothing here makes a pin: the caller records it after `sync`.
 */
export async function importCar(body: AsyncIterable<Uint8Array>, options: ImportCarOptions): Promise<ImportCarResult> {
  const counter = { bytes: 0 };
  const links = new Map<string, CID[]>();
  let roots: CID[];
  let blocks = 0;
  const writes = createWriteWindow(WRITE_CONCURRENCY);
  try {
    const car = await CarBlockIterator.fromIterable(limitBytes(body, options.maxBytes, counter));
    roots = await car.getRoots();
    if (roots.length === 0) throw new InvalidCarError("the header names no root");
    for await (const { cid, bytes } of car) {
      await verifyBlock(cid, bytes);
      links.set(cid.toString(), dagLinks(cid, bytes));
      if (cid.multihash.code !== identity.code) await writes.add(() => store(options.target, cid, bytes));
      blocks++;
    }
    await writes.drain();
  } catch (error) {
    await writes.settle();
    if (error instanceof PinApiError || error instanceof BlockWriteError || isBadContentError(error)) throw error;
    throw new InvalidCarError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const dag = options.partial ? [] : await checkDagComplete(roots, links, options.local);
  return { roots, dag, blocks, bytes: counter.bytes };
}

async function store(target: Pick<BlockStore, "put">, cid: CID, bytes: Uint8Array): Promise<void> {
  try {
    await target.put(cid, bytes);
  } catch (cause) {
    throw new BlockWriteError(cid.toString(), { cause });
  }
}

/** Blocks written to disk at once while the next ones are parsed and hashed. */
const WRITE_CONCURRENCY = 8;

async function* limitBytes(source: AsyncIterable<Uint8Array>, maxBytes: number, counter: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    counter.bytes += chunk.length;
    if (counter.bytes > maxBytes) throw new PayloadTooLargeError(maxBytes);
    yield chunk;
  }
}
