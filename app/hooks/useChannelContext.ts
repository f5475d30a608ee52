"use client";
import { useMemo } from "react";
import { useSignMessage } from "wagmi";
import type { ChannelContext } from "@cairn/core/channel";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { useAppPublicClient } from "./useAppPublicClient";
import { useIpfs } from "./useIpfs";
import { useIdentity } from "./useIdentity";
import { useTxSender } from "./useTxSender";

/**
 * What core's channel functions need, assembled from wagmi (chain, wallet), the unlocked
 * identity (identity key) and the browser's Helia node; pins are the identity account's, signed
 * in to the pinning service with the wallet. `context` is null until all are ready;
 * `ipfs` carries the node's start state (loading, or an error with `refetch`).
 */
export function useChannelContext(): { context: ChannelContext | null; ipfs: ReturnType<typeof useIpfs> } {
  const publicClient = useAppPublicClient();
  const sender = useTxSender();
  const { identity } = useIdentity();
  const ipfs = useIpfs();
  const runtime = ipfs.data;
  const { signMessageAsync } = useSignMessage();
  const context = useMemo<ChannelContext | null>(
    () =>
      identity && runtime && appDeployment
        ? {
            publicClient,
            sender,
            account: identity.address,
            identity: identity.keys,
            ipfs: runtime.node.helia,
            pinning: runtime.pinningFor({ account: identity.address, signMessage: (message) => signMessageAsync({ account: identity.address, message }) }),
            ...runtime.readSources,
            pinOrigins: () => runtime.node.helia.libp2p.getMultiaddrs().map(String),
            pubsub: runtime.node.pubsub,
            chainId: appChain.id,
            deployment: appDeployment,
          }
        : null,
    [publicClient, sender, identity, runtime, signMessageAsync],
  );
  return { context, ipfs };
}
