"use client";
import { useCallback, useMemo } from "react";
import { useAccount, usePublicClient, useConfig } from "wagmi";
import { getWalletClient } from "wagmi/actions";
import type { PublicClient } from "viem";
import { sendTx, type TxRequest, type TxSendOptions } from "../../core/chain";
import { routeSessionPosts } from "../../core/session";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { sessionKeyFellBack, sessionSenderFor } from "../lib/sessionKeyStore";

/**
 * Sends a transaction built by core (transactions as data) and resolves with its receipt;
 * failures are core's typed errors (rejected, no funds, revert…; a transaction not mined within
 * core's bound is TransactionPendingError, never a failure). Posts built for a session key
 * (postAs / postBatchAs) go through the active session key with no wallet confirmation, and to
 * the wallet (as post / postBatch) when there is none or it can no longer post.
 */
export function useTxSender() {
  const config = useConfig();
  const { address } = useAccount();
  const publicClient = usePublicClient({ chainId: appChain.id }) as PublicClient | undefined;
  const walletSend = useCallback(
    async (tx: TxRequest, options?: TxSendOptions) => {
      if (!publicClient) throw new Error(`No client for chain ${appChain.id}`);
      const walletClient = await getWalletClient(config, { chainId: appChain.id });
      return sendTx({ walletClient, publicClient }, tx, options);
    },
    [config, publicClient],
  );
  return useMemo(
    () =>
      appDeployment && publicClient
        ? routeSessionPosts({
            registry: appDeployment.channelRegistry,
            wallet: walletSend,
            session: () => sessionSenderFor(publicClient, address),
            onFallback: sessionKeyFellBack,
          })
        : walletSend,
    [walletSend, publicClient, address],
  );
}
