import type { ServerResponse } from "node:http";
import { exportCar, parseCid, readBlockBytes, type BlockStore } from "@cairn/core/ipfs";
import type { PeerReader } from "./createPeerReader.js";
import { BlockNotHeldError } from "./errors.js";

const IMMUTABLE = "public, max-age=29030400, immutable";

export interface ServeBlockRequest {
  /** The whole DAG as a CAR (`?format=car` or an `Accept` of application/vnd.ipld.car) instead of the raw block. */
  wantsCar: boolean;
  /** `Cache-Control: only-if-cached`: answer from this node's store only (how peered nodes ask each other). */
  onlyIfCached: boolean;
}

/**
 * Trustless-gateway read (`GET /ipfs/<cid>`): the raw block (`?format=raw`, default) or the
 * whole DAG as a CAR. Blocks held locally are served; a raw block that is not is read from the
 * peered pinning nodes (`peers`), unless the request is `only-if-cached`, so that a browser on
 * this node reads a message pinned on another. Nothing is fetched from the open network, and a
 * block read from a peer is served, not stored. Clients verify every hash, so no token.
 */
export async function serveBlock(res: ServerResponse, stores: { local: BlockStore; peers: PeerReader }, cidText: string, request: ServeBlockRequest): Promise<void> {
  const cid = parseCid(cidText);
  const held = await stores.local.has(cid);
  if (!held && (request.wantsCar || request.onlyIfCached)) throw new BlockNotHeldError(cid.toString());
  if (!request.wantsCar) {
    const bytes = held ? await readBlockBytes(stores.local, cid) : await stores.peers.read(cid);
    if (bytes === undefined) throw new BlockNotHeldError(cid.toString());
    res.writeHead(200, { "content-type": "application/vnd.ipld.raw", "content-length": bytes.length, "cache-control": IMMUTABLE });
    res.end(bytes);
    return;
  }
  res.writeHead(200, { "content-type": "application/vnd.ipld.car; version=1", "cache-control": IMMUTABLE });
  try {
    for await (const chunk of exportCar(stores.local, cid, { offline: true })) {
      if (!res.write(chunk)) await new Promise((drained) => res.once("drain", drained));
    }
    res.end();
  } catch {
    // headers are out: hang up so the client sees a truncated (invalid) CAR, never a short valid one
    res.destroy();
  }
}
