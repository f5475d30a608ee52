"use client";
import type { PublicClient } from "viem";
import { usePublicClient } from "wagmi";
import { appChain } from "../lib/chain";

/** wagmi's public client for the app's chain, typed as the plain viem client core expects. */
export function useAppPublicClient(): PublicClient {
  const client = usePublicClient({ chainId: appChain.id });
  if (!client) throw new Error(`No RPC client for chain ${appChain.id}`);
  return client as PublicClient;
}
