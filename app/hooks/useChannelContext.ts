"use client";
import { useMemo } from "react";
import type { ChannelContext } from "../../core/channel";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { useAppPublicClient } from "./useAppPublicClient";
import { useIpfs } from "./useIpfs";
import { useIdentity } from "./useIdentity";
import { useTxSender } from "./useTxSender";

/**
 * What core's channel functions need, assembled from wagmi (chain, wallet), the unlocked
 * identity (identity key) and the browser's Helia node. `context` is null until all are ready;
 * `ipfs` carries the node's start state (loading, or an error with `refetch`).
 */
export function useChannelContext(): { context: ChannelContext | null; ipfs: ReturnType<typeof useIpfs> } {
  const publicClient = useAppPublicClient();
  const sender = useTxSender();
  const { identity } = useIdentity();
  const ipfs = useIpfs();
  const runtime = ipfs.data;
  const context = useMemo<ChannelContext | null>(
    () =>
      identity && runtime && appDeployment
        ? {
            publicClient,
            sender,
            account: identity.address,
            identity: identity.keys,
            ipfs: runtime.node.helia,
            pinning: runtime.pinning,
            fileSource: runtime.files,
            pinOrigins: () => runtime.node.helia.libp2p.getMultiaddrs().map(String),
            chainId: appChain.id,
            deployment: appDeployment,
          }
        : null,
    [publicClient, sender, identity, runtime],
  );
  return { context, ipfs };
}
