/**
 * The heavy parts of core (the channel service pulls in UnixFS, IPLD codecs and the full
 * crypto suite; the chain index checks members' keys with X25519, which pulls in all of
 * @noble/curves' ed25519 module), loaded on first use so they stay out of the first-load bundle.
 */
export type ChainModule = typeof import("@cairn/core/chain");
export type ChannelModule = typeof import("@cairn/core/channel");
export type CryptoModule = typeof import("@cairn/core/crypto");

let channelModule: ChannelModule | undefined;

export function loadChainModule(): Promise<ChainModule> {
  return import("@cairn/core/chain");
}

export async function loadChannelModule(): Promise<ChannelModule> {
  channelModule ??= await import("@cairn/core/channel");
  return channelModule;
}

/** The channel module if it has been loaded already (for synchronous first renders). */
export function loadedChannelModule(): ChannelModule | undefined {
  return channelModule;
}

export function loadCryptoModule(): Promise<CryptoModule> {
  return import("@cairn/core/crypto");
}
