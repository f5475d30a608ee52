"use client";
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { getEnsName } from "viem/actions";
import { appChain } from "../lib/chain";
import { useAppPublicClient } from "./useAppPublicClient";

/** Whether the configured chain has an ENS universal resolver (mainnet, Sepolia): never the local chain. */
const hasEns = appChain.contracts?.ensUniversalResolver !== undefined;

/**
 * The ENS primary name of `address` on the app's chain, through its RPC (the universal resolver
 * checks that the name resolves back to the address); null when there is none, when the chain has
 * no ENS, or when the lookup fails. Offchain (CCIP-read) names are not fetched: they would reach
 * third-party gateways the Content-Security-Policy does not allow.
 */
export function useEnsName(address: Address | undefined): string | null {
  const client = useAppPublicClient();
  const { data } = useQuery({
    queryKey: ["ens-name", appChain.id, address?.toLowerCase()],
    queryFn: async () => (await getEnsName(client, { address: address!, strict: false, gatewayUrls: [] }).catch(() => null)) ?? null,
    enabled: hasEns && address !== undefined,
    staleTime: 10 * 60_000,
  });
  return data ?? null;
}
