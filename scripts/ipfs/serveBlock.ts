import type { ServerResponse } from "node:http";
import { exportCar, parseCid, readBlockBytes, type BlockStore } from "@cairn/core/ipfs";
import { BlockNotHeldError } from "./errors.js";

const IMMUTABLE = "public, max-age=29030400, immutable";

/**
 * Trustless-gateway read (`GET /ipfs/<cid>`): the raw block (`?format=raw`,
 * default) or the whole DAG as a CAR (`?format=car` or an `Accept` of
 * application/vnd.ipld.car). Only blocks already held locally are served —
 * never fetched from the network. Clients verify every hash, so no token.
 */
export async function serveBlock(res: ServerResponse, local: BlockStore, cidText: string, wantsCar: boolean): Promise<void> {
  const cid = parseCid(cidText);
  if (!(await local.has(cid))) throw new BlockNotHeldError(cid.toString());
  if (!wantsCar) {
    const bytes = await readBlockBytes(local, cid);
    res.writeHead(200, { "content-type": "application/vnd.ipld.raw", "content-length": bytes.length, "cache-control": IMMUTABLE });
    res.end(bytes);
    return;
  }
  res.writeHead(200, { "content-type": "application/vnd.ipld.car; version=1", "cache-control": IMMUTABLE });
  try {
    for await (const chunk of exportCar(local, cid, { offline: true })) {
      if (!res.write(chunk)) await new Promise((drained) => res.once("drain", drained));
    }
    res.end();
  } catch {
    // headers are out: hang up so the client sees a truncated (invalid) CAR, never a short valid one
    res.destroy();
  }
}
