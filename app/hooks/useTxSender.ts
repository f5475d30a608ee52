"use client";
import { useCallback } from "react";
import { usePublicClient, useConfig } from "wagmi";
import { getWalletClient } from "wagmi/actions";
import { sendTx, type TxRequest } from "../../core/chain";
import { appChain } from "../lib/chain";

/**
 * Sends a transaction built by core (transactions as data) with the connected wallet and
 * resolves with its receipt; failures are core's typed errors (rejected, no funds, revert…).
 */
export function useTxSender() {
  const config = useConfig();
  const publicClient = usePublicClient({ chainId: appChain.id });
  return useCallback(
    async (tx: TxRequest) => {
      if (!publicClient) throw new Error(`No client for chain ${appChain.id}`);
      const walletClient = await getWalletClient(config, { chainId: appChain.id });
      return sendTx({ walletClient, publicClient }, tx);
    },
    [config, publicClient],
  );
}
