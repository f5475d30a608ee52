"use client";
import { useMemo } from "react";
import type { ChannelContext } from "../../core/channel";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { useAppPublicClient } from "./useAppPublicClient";
import { useIpfs } from "./useIpfs";
import { useSession } from "./useSession";
import { useTxSender } from "./useTxSender";

/**
 * What core's channel functions need, assembled from wagmi (chain, wallet), the unlocked
 * session (identity key) and the browser's Helia node. `context` is null until all are ready;
 * `ipfs` carries the node's start state (loading, or an error with `refetch`).
 */
export function useChannelContext(): { context: ChannelContext | null; ipfs: ReturnType<typeof useIpfs> } {
  const publicClient = useAppPublicClient();
  const sender = useTxSender();
  const { session } = useSession();
  const ipfs = useIpfs();
  const runtime = ipfs.data;
  const context = useMemo<ChannelContext | null>(
    () =>
      session && runtime && appDeployment
        ? {
            publicClient,
            sender,
            account: session.address,
            identity: session.keys,
            ipfs: runtime.node.helia,
            pinning: runtime.pinning,
            fileSource: runtime.files,
            pinOrigins: () => runtime.node.helia.libp2p.getMultiaddrs().map(String),
            pubsub: runtime.node.pubsub,
            chainId: appChain.id,
            deployment: appDeployment,
          }
        : null,
    [publicClient, sender, session, runtime],
  );
  return { context, ipfs };
}
