import { createGatewayBlockstore } from "./createGatewayBlockstore.js";
import type { BlockStore } from "./types.js";

/** How long message reads wait for connected peers (bitswap) before asking the gateway too. */
export const MESSAGE_PEERS_FIRST_MS = 1_000;

export interface ReadSources {
  /** Attachments: the gateway first (plain HTTP is several times faster than bitswap for big files), then peers. */
  fileSource: { blockstore: BlockStore };
  /**
   * Messages: connected peers first (a small block in one round trip), the gateway too after
   * MESSAGE_PEERS_FIRST_MS: a block pinned on another node than the one this device is connected
   * to arrives through that gateway, which reads from its peered nodes.
   */
  messageSource: { blockstore: BlockStore };
}

/**
 * Where a device reads blocks (ChannelContext.fileSource and .messageSource): its local store
 * (a Helia blockstore, which fetches over bitswap) behind the pinning node's trustless gateway
 * at `gatewayUrl`. The app and the CLI both read this way.
 */
export function createReadSources(gatewayUrl: string, local: BlockStore): ReadSources {
  return {
    fileSource: { blockstore: createGatewayBlockstore({ url: gatewayUrl, local }) },
    messageSource: { blockstore: createGatewayBlockstore({ url: gatewayUrl, local, peersFirstMs: MESSAGE_PEERS_FIRST_MS }) },
  };
}
