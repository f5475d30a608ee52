import type { CairnNode, PinningClient, ReadSources } from "@cairn/core/ipfs";
import { appConfig } from "./config";
import { settingsPinningClient, type PinningSigner } from "./settingsPinningClient";

export interface IpfsRuntime {
  node: CairnNode;
  /** The pinning client of an account (signing in with its wallet, see settingsPinningClient). */
  pinningFor: (signer: PinningSigner) => PinningClient;
  /** Where messages and attachments are read: bitswap and the pinning node's HTTP gateway (hash-checked). */
  readSources: ReadSources;
}

/**
 * Starts the browser's Helia node (core/ipfs, loaded on demand so Helia never reaches the
 * server or the first-load bundle). It bootstraps from the pinning node's addresses,
 * read from `${PIN_URL}/health` (`readPinningHealth`), and keeps its blocks in IndexedDB. Pinning goes to the
 * service chosen in `/settings` (default: the same node), as the unlocked account.
 */
export async function startIpfs(dbName: string): Promise<IpfsRuntime> {
  const ipfs = await import("@cairn/core/ipfs");
  const { webSockets: bootstrap } = await ipfs.readPinningHealth(appConfig.pinUrl);
  if (bootstrap.length === 0) {
    throw new ipfs.IpfsNodeStartError(`${appConfig.pinUrl}/health lists no WebSocket multiaddr`);
  }
  const node = await ipfs.createBrowserNode({ dbName, bootstrap });
  const pinningFor = (signer: PinningSigner) => settingsPinningClient(ipfs, signer);
  return { node, pinningFor, readSources: ipfs.createReadSources(appConfig.pinUrl, node.helia.blockstore) };
}
