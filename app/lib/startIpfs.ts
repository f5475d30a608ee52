import type { BlockStore, CairnNode, PinningClient } from "@cairn/core/ipfs";
import { appConfig } from "./config";
import { settingsPinningClient, type PinningSigner } from "./settingsPinningClient";

export interface IpfsRuntime {
  node: CairnNode;
  /** The pinning client of an account (signing in with its wallet, see settingsPinningClient). */
  pinningFor: (signer: PinningSigner) => PinningClient;
  /** Attachments are read through the pinning node's HTTP gateway, then bitswap (hash-checked). */
  files: { blockstore: BlockStore };
}

/** The WebSocket multiaddrs the pinning node announces on `GET /health`. */
function bootstrapAddresses(health: unknown): string[] {
  const body = (health ?? {}) as { multiaddrs?: unknown; addresses?: unknown; multiaddr?: unknown };
  const list = [body.multiaddrs, body.addresses, body.multiaddr].flat();
  return list.filter((a): a is string => typeof a === "string" && a.includes("/ws") && a.includes("/p2p/"));
}

/**
 * Starts the browser's Helia node (core/ipfs, loaded on demand so Helia never reaches the
 * server or the first-load bundle). It bootstraps from the pinning node's addresses,
 * read from `${PIN_URL}/health`, and keeps its blocks in IndexedDB. Pinning goes to the
 * service chosen in `/settings` (default: the same node), as the unlocked account.
 */
export async function startIpfs(dbName: string): Promise<IpfsRuntime> {
  const ipfs = await import("@cairn/core/ipfs");
  let health: unknown;
  try {
    const response = await fetch(`${appConfig.pinUrl}/health`, { cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    health = await response.json();
  } catch (cause) {
    throw new ipfs.PinningUnavailableError(1, { cause, details: `GET ${appConfig.pinUrl}/health` });
  }
  const bootstrap = bootstrapAddresses(health);
  if (bootstrap.length === 0) {
    throw new ipfs.IpfsNodeStartError(`${appConfig.pinUrl}/health lists no WebSocket multiaddr`);
  }
  const node = await ipfs.createBrowserNode({ dbName, bootstrap });
  const pinningFor = (signer: PinningSigner) => settingsPinningClient(ipfs, signer);
  const files = { blockstore: ipfs.createGatewayBlockstore({ url: appConfig.pinUrl, local: node.helia.blockstore }) };
  return { node, pinningFor, files };
}
