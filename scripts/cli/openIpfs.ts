import { FsBlockstore } from "blockstore-fs";
import { FsDatastore } from "datastore-fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createClientNode, createGatewayBlockstore, type BlockStore, type CairnNode } from "@cairn/core";
import { CairnError } from "@cairn/core/errors";

/** The pinning node's /health did not name a WebSocket multiaddr to dial. */
export class NoIpfsAddressError extends CairnError {
  override readonly name: string = "NoIpfsAddressError";
  constructor(pinUrl: string, cause?: unknown) {
    super(`Cannot learn the IPFS address from ${pinUrl}/health; pass --ipfs <multiaddr>.`, { cause });
  }
}

export interface CliIpfs {
  node: CairnNode;
  /** Where attachments are read: the pinning node's trustless gateway first (verified blocks), then bitswap. */
  fileSource: { blockstore: BlockStore };
  close(): Promise<void>;
}

/** The multiaddr to bootstrap from: `ipfs`, else the first WebSocket address the pinning node's /health lists. */
async function ipfsAddress(pin: string, ipfs: string | undefined): Promise<string> {
  if (ipfs) return ipfs;
  try {
    const response = await fetch(`${pin.replace(/\/+$/, "")}/health`);
    const health = (await response.json()) as { multiaddrs?: string[] };
    const address = health.multiaddrs?.find((candidate) => candidate.includes("/ws"));
    if (!address) throw new Error("no /ws multiaddr in /health");
    return address;
  } catch (cause) {
    throw new NoIpfsAddressError(pin, cause);
  }
}

/**
 * The CLI's IPFS: a Helia node with its blocks and peer id under `dir`, dialled to the pinning
 * node at `ipfs` (or the address its /health names); attachments are read through the pinning
 * node's HTTP gateway at `pin`, as the app does, with bitswap as the fallback.
 */
export async function openIpfs(options: { dir: string; pin: string; ipfs?: string }): Promise<CliIpfs> {
  await mkdir(options.dir, { recursive: true });
  const blockstore = new FsBlockstore(join(options.dir, "blocks"));
  const datastore = new FsDatastore(join(options.dir, "datastore"));
  await Promise.all([blockstore.open(), datastore.open()]);
  const closeStores = () => Promise.all([blockstore.close(), datastore.close()]);
  let node: CairnNode;
  try {
    node = await createClientNode({ bootstrap: [await ipfsAddress(options.pin, options.ipfs)], blockstore, datastore });
  } catch (error) {
    await closeStores();
    throw error;
  }
  return {
    node,
    fileSource: { blockstore: createGatewayBlockstore({ url: options.pin, local: node.helia.blockstore }) },
    async close() {
      await node.stop();
      await closeStores();
    },
  };
}
