"use client";
import { useMemo } from "react";
import { useSignMessage } from "wagmi";
import type { ChannelContext } from "../../core/channel";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { useAppPublicClient } from "./useAppPublicClient";
import { useIpfs } from "./useIpfs";
import { useSession } from "./useSession";
import { useTxSender } from "./useTxSender";

/**
 * What core's channel functions need, assembled from wagmi (chain, wallet), the unlocked
 * session (identity key) and the browser's Helia node; pins are the session account's, signed
 * in to the pinning service with the wallet. `context` is null until all are ready;
 * `ipfs` carries the node's start state (loading, or an error with `refetch`).
 */
export function useChannelContext(): { context: ChannelContext | null; ipfs: ReturnType<typeof useIpfs> } {
  const publicClient = useAppPublicClient();
  const sender = useTxSender();
  const { session } = useSession();
  const ipfs = useIpfs();
  const runtime = ipfs.data;
  const { signMessageAsync } = useSignMessage();
  const context = useMemo<ChannelContext | null>(
    () =>
      session && runtime && appDeployment
        ? {
            publicClient,
            sender,
            account: session.address,
            identity: session.keys,
            ipfs: runtime.node.helia,
            pinning: runtime.pinningFor({ account: session.address, signMessage: (message) => signMessageAsync({ account: session.address, message }) }),
            fileSource: runtime.files,
            pinOrigins: () => runtime.node.helia.libp2p.getMultiaddrs().map(String),
            chainId: appChain.id,
            deployment: appDeployment,
          }
        : null,
    [publicClient, sender, session, runtime, signMessageAsync],
  );
  return { context, ipfs };
}
