import { FsBlockstore } from "blockstore-fs";
import { FsDatastore } from "datastore-fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createClientNode, createReadSources, readPinningHealth, type CairnNode, type ReadSources } from "@cairn/core";
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
  /** Messages and attachments are read as the app reads them: bitswap and the pinning node's gateway. */
  readSources: ReadSources;
  close(): Promise<void>;
}

/** The multiaddr to bootstrap from: `ipfs`, else the first WebSocket address the pinning node's /health lists. */
async function ipfsAddress(pin: string, ipfs: string | undefined): Promise<string> {
  if (ipfs) return ipfs;
  let webSockets: string[];
  try {
    ({ webSockets } = await readPinningHealth(pin));
  } catch (cause) {
    throw new NoIpfsAddressError(pin, cause);
  }
  const [address] = webSockets;
  if (!address) throw new NoIpfsAddressError(pin);
  return address;
}

/**
 * The CLI's IPFS: a Helia node with its blocks and peer id under `dir`, dialled to the pinning
 * node at `ipfs` (or the address its /health names); blocks are read as the app reads them
 * (createReadSources: bitswap and the pinning node's gateway at `pin`).
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
    readSources: createReadSources(options.pin, node.helia.blockstore),
    async close() {
      await node.stop();
      await closeStores();
    },
  };
}
