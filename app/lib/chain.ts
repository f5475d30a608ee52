import { defineChain, type Chain } from "viem";
import { baseSepolia, hardhat, sepolia } from "viem/chains";
import { appConfig } from "./config";

const knownChains: readonly Chain[] = [hardhat, sepolia, baseSepolia];

/**
 * The one chain this deployment of Cairn runs on: a known viem chain when the id matches
 * (for its name and explorer), always with the configured RPC URL so that "add network"
 * in a wallet points at the same node the app reads from.
 */
export const appChain: Chain = defineChain({
  ...(knownChains.find((chain) => chain.id === appConfig.chainId) ?? {
    id: appConfig.chainId,
    name: `Chain ${appConfig.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  }),
  rpcUrls: { default: { http: [appConfig.rpcUrl] } },
});
