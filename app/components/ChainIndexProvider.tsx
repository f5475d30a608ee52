"use client";
import { createContext, useEffect, useState, type ReactNode } from "react";
import type { Address, PublicClient } from "viem";
import { useAccount } from "wagmi";
import type { ChainIndex } from "@cairn/core/chain";
import { appConfig } from "../lib/config";
import { appDeployment } from "../lib/deployment";
import { loadChainModule } from "../lib/loadCore";
import { useAppPublicClient } from "../hooks/useAppPublicClient";

/** The tab's one chain index (null before a wallet is connected or where Cairn is not deployed). */
export const ChainIndexContext = createContext<ChainIndex | null>(null);

interface OpenIndex {
  client: PublicClient;
  account: Address;
  index: ChainIndex;
}

/**
 * One reader of the chain per tab (core's createChainIndex): the connected account's channels,
 * their state, messages and members' keys in one `eth_getLogs` per new block, kept in IndexedDB
 * (bounded; dropped when the chain is reset) so that a reload reads only the blocks since.
 * The index's code loads once a wallet is connected (loadChainModule), not with the page.
 */
export function ChainIndexProvider({ children }: { children: ReactNode }) {
  const client = useAppPublicClient();
  const { address } = useAccount();
  const [open, setOpen] = useState<OpenIndex | null>(null);
  useEffect(() => {
    const deployment = appDeployment;
    if (!address || !deployment) return;
    let closed = false;
    let stopFollowing: (() => void) | undefined;
    void loadChainModule().then(({ createChainIndex, createIndexedDbLogStore }) => {
      if (closed) return;
      const index = createChainIndex({
        client,
        chainId: appConfig.chainId,
        deployment,
        account: address,
        store: typeof indexedDB === "undefined" ? undefined : createIndexedDbLogStore(),
        follow: false,
      });
      stopFollowing = index.follow();
      setOpen({ client, account: address, index });
    });
    return () => {
      closed = true;
      stopFollowing?.();
      setOpen(null);
    };
  }, [client, address]);
  const index = open && open.client === client && open.account === address ? open.index : null;

  return <ChainIndexContext.Provider value={index}>{children}</ChainIndexContext.Provider>;
}
