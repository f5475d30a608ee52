import { asyncIterableReader, readBlockHead, readHeader } from "@ipld/car/decoder";
import { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { dagLinks, verifyBlock, type BlockStore } from "@cairn/core/ipfs";
import { checkDagComplete } from "./checkDagComplete.js";
import type { DurableBlockstore } from "./createDurableBlockstore.js";
import { createWriteWindow } from "./createWriteWindow.js";
import type { UploadSession } from "./createUploadSessions.js";
import {
  BlockTooLargeError,
  BlockWriteError,
  ByteQuotaError,
  DagTooLargeError,
  IdentityCidError,
  InvalidCarError,
  isBadContentError,
  PayloadTooLargeError,
  PinApiError,
  UnreachableBlockError,
} from "./errors.js";

export interface ImportLimits {
  /** Reject (413) once one request's body passes this many bytes. */
  maxCarBytes: number;
  /** Largest block accepted. */
  maxBlockBytes: number;
  /** Most blocks one DAG may have. */
  maxDagBlocks: number;
  /** Most links received blocks may name that have not arrived yet (bounds the memory of an upload). */
  maxPendingLinks: number;
}

export interface ImportCarOptions extends ImportLimits {
  /** The upload this CAR belongs to: its root, the links still expected, the totals so far. */
  session: UploadSession;
  /** Where verified blocks are written (a Helia blockstore, so waiting peers are notified). */
  target: Pick<BlockStore, "put">;
  durable: DurableBlockstore;
  /** The owner's byte quota, and what it may still add (the quota minus what it holds and uploads elsewhere). */
  byteQuota: { limit: number; remaining: number };
  /** The last part of the upload: the DAG must be complete once it is read. */
  final: boolean;
}

/**
 * Stream one CAR of an upload into the blockstore. Blocks must come root first: a block is
 * accepted only if an earlier block of the upload links to it (the root: if the header names
 * it), so nothing unreachable from the root is ever stored; a block not linked but already held
 * (a retried part) is skipped. Each block is size-checked before it is read, hash-verified,
 * written and fsync'd (in batches), and never kept: memory stays within a few blocks plus the set of links
 * still expected (`maxPendingLinks`), whatever the block count. Identity CIDs are refused. With
 * `final`, the DAG must then be complete. Nothing here makes a pin.
 */
export async function importCar(body: AsyncIterable<Uint8Array>, options: ImportCarOptions): Promise<{ complete: boolean }> {
  const { session } = options;
  const local = options.durable.store;
  const writes = createWriteWindow(WRITE_CONCURRENCY);
  let unsynced: CID[] = [];
  const syncWritten = async (): Promise<void> => {
    const batch = unsynced;
    unsynced = [];
    await options.durable.sync(batch);
  };
  try {
    const reader = boundedReader(asyncIterableReader(limitBytes(body, options.maxCarBytes)), options.maxBlockBytes + SECTION_OVERHEAD);
    const header = await readHeader(reader, 1);
    if (!("roots" in header) || header.roots.length !== 1) throw new InvalidCarError("the header must name exactly one root");
    const root = header.roots[0]!;
    if (root.multihash.code === identity.code) throw new IdentityCidError(root.toString());
    if (session.root === undefined) {
      session.root = root;
      session.expected.add(keyOf(root));
    } else if (!session.root.equals(root)) {
      throw new InvalidCarError(`the header names ${root}, but this upload's root is ${session.root}`);
    }
    while ((await reader.upTo(8)).length > 0) {
      const { cid, blockLength } = await readBlockHead(reader);
      if (cid.multihash.code === identity.code) throw new IdentityCidError(cid.toString());
      if (blockLength > options.maxBlockBytes) throw new BlockTooLargeError(options.maxBlockBytes);
      const bytes = await reader.exactly(blockLength, true);
      if (!session.expected.has(keyOf(cid))) {
        if (await local.has(cid)) continue;
        throw new UnreachableBlockError(cid.toString(), session.root.toString());
      }
      await verifyBlock(cid, bytes);
      accept(session, cid, dagLinks(cid, bytes), bytes.length, options);
      const held = await local.has(cid);
      await writes.add(async () => {
        if (!held) await store(options.target, cid, bytes);
        unsynced.push(cid);
      });
      if (unsynced.length >= SYNC_BATCH) await syncWritten();
    }
    await writes.drain();
    await syncWritten();
  } catch (error) {
    await writes.settle();
    if (error instanceof PinApiError || error instanceof BlockWriteError || isBadContentError(error)) throw error;
    throw new InvalidCarError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (!options.final) return { complete: false };
  if (session.expected.size > 0) {
    // Links met again after their block arrived (a block linked from two places): they must be held, with their DAGs.
    const residual = [...session.expected].map((key) => CID.decode(Buffer.from(key, "latin1")));
    await checkDagComplete(session.root!, residual, local);
  }
  return { complete: true };
}

function accept(session: UploadSession, cid: CID, links: CID[], size: number, limits: ImportCarOptions): void {
  session.expected.delete(keyOf(cid));
  for (const link of links) {
    if (link.multihash.code === identity.code) throw new IdentityCidError(link.toString());
    session.expected.add(keyOf(link));
  }
  if (session.expected.size > limits.maxPendingLinks) throw new DagTooLargeError(limits.maxPendingLinks, "pending links");
  session.blocks++;
  session.bytes += size;
  if (session.blocks > limits.maxDagBlocks) throw new DagTooLargeError(limits.maxDagBlocks, "blocks");
  if (session.bytes > limits.byteQuota.remaining) throw new ByteQuotaError(limits.byteQuota.limit);
}

async function store(target: Pick<BlockStore, "put">, cid: CID, bytes: Uint8Array): Promise<void> {
  try {
    await target.put(cid, bytes);
  } catch (cause) {
    throw new BlockWriteError(cid.toString(), { cause });
  }
}

/** A CID as a compact map key: its CIDv1 bytes as a one-byte-per-char string (a CIDv0 link and its v1 block match). */
function keyOf(cid: CID): string {
  return Buffer.from(cid.toV1().bytes).toString("latin1");
}

/** Blocks written to disk at once while the next ones are parsed and hashed. */
const WRITE_CONCURRENCY = 8;
/** Written blocks are fsync'd (with their directories) in batches of this many, at most. */
const SYNC_BATCH = 256;
/** Section length prefix and CID, beyond the block's bytes. */
const SECTION_OVERHEAD = 1024;

type BytesReader = ReturnType<typeof asyncIterableReader>;

/** Refuse any single read longer than `limit` before the reader buffers it (a section or header that claims gigabytes). */
function boundedReader(reader: BytesReader, limit: number): BytesReader {
  const check = (length: number): void => {
    if (length > limit) throw new BlockTooLargeError(limit);
  };
  return {
    upTo: (length) => (check(length), reader.upTo(length)),
    exactly: (length, seek) => (check(length), reader.exactly(length, seek)),
    seek: (length) => reader.seek(length),
    get pos() {
      return reader.pos;
    },
  };
}

async function* limitBytes(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw new PayloadTooLargeError(maxBytes);
    yield chunk;
  }
}
