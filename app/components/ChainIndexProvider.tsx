"use client";
import { createContext, useEffect, useMemo, type ReactNode } from "react";
import { useAccount } from "wagmi";
import { createChainIndex, createIndexedDbLogStore, type ChainIndex } from "@cairn/core/chain";
import { appConfig } from "../lib/config";
import { appDeployment } from "../lib/deployment";
import { useAppPublicClient } from "../hooks/useAppPublicClient";

/** The tab's one chain index (null before a wallet is connected or where Cairn is not deployed). */
export const ChainIndexContext = createContext<ChainIndex | null>(null);

/**
 * One reader of the chain per tab (core's createChainIndex): the connected account's channels,
 * their state, messages and members' keys in one `eth_getLogs` per new block, kept in IndexedDB
 * (bounded; dropped when the chain is reset) so that a reload reads only the blocks since.
 */
export function ChainIndexProvider({ children }: { children: ReactNode }) {
  const client = useAppPublicClient();
  const { address } = useAccount();
  const index = useMemo(
    () =>
      address && appDeployment
        ? createChainIndex({
            client,
            chainId: appConfig.chainId,
            deployment: appDeployment,
            account: address,
            store: typeof indexedDB === "undefined" ? undefined : createIndexedDbLogStore(),
            follow: false,
          })
        : null,
    [client, address],
  );
  useEffect(() => {
    if (!index) return;
    const stopFollowing = index.follow();
    return () => stopFollowing();
  }, [index]);

  return <ChainIndexContext.Provider value={index}>{children}</ChainIndexContext.Provider>;
}
