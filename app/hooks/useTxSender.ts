"use client";
import { useCallback } from "react";
import { usePublicClient, useConfig } from "wagmi";
import { getWalletClient } from "wagmi/actions";
import type { PublicClient } from "viem";
import { sendTx, type TxRequest, type TxSendOptions } from "@cairn/core/chain";
import { appChain } from "../lib/chain";

/**
 * Sends a transaction built by core (transactions as data) with the wallet and resolves with its
 * receipt; failures are core's typed errors (rejected, no funds, revert…; a transaction not mined
 * within core's bound is TransactionPendingError, never a failure). Posts may go through the
 * session key instead: the channel context decides at send time (useChannelService).
 */
export function useTxSender() {
  const config = useConfig();
  const publicClient = usePublicClient({ chainId: appChain.id }) as PublicClient | undefined;
  return useCallback(
    async (tx: TxRequest, options?: TxSendOptions) => {
      if (!publicClient) throw new Error(`No client for chain ${appChain.id}`);
      const walletClient = await getWalletClient(config, { chainId: appChain.id });
      return sendTx({ walletClient, publicClient }, tx, options);
    },
    [config, publicClient],
  );
}
