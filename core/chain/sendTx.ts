import type { Account, Chain, PublicClient, TransactionReceipt, Transport, WalletClient } from "viem";
import { decodeTxError, decodeRevert, findRevertData } from "./decodeTxError.js";
import { TransactionRevertedError } from "./errors.js";
import type { TxRequest, TxSender } from "./types.js";
import { withRetry } from "./withRetry.js";

export type SendTxClients = {
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  publicClient: PublicClient;
};

/** Why a mined transaction reverted: replays it as a call at its block and decodes the revert. */
async function revertReason(publicClient: PublicClient, tx: TxRequest, receipt: TransactionReceipt) {
  try {
    await publicClient.call({ account: receipt.from, to: tx.to, data: tx.data, value: tx.value, blockNumber: receipt.blockNumber });
    return undefined;
  } catch (error) {
    const data = findRevertData(error);
    return data ? decodeRevert(data, error) : undefined;
  }
}

/**
 * Sends a transaction as data with the wallet and waits for its receipt. Every failure is typed:
 * TransactionRejectedError, InsufficientFundsError, ContractRevertedError (or its dedicated
 * subclass such as NotMemberError), RpcUnavailableError, TransactionRevertedError, TransactionFailedError.
 */
export async function sendTx({ walletClient, publicClient }: SendTxClients, tx: TxRequest): Promise<TransactionReceipt> {
  let hash;
  try {
    hash = await walletClient.sendTransaction({
      account: walletClient.account,
      chain: walletClient.chain,
      to: tx.to,
      data: tx.data,
      value: tx.value,
    });
  } catch (error) {
    throw decodeTxError(error);
  }
  const receipt = await withRetry(() => publicClient.waitForTransactionReceipt({ hash })).catch((error: unknown) => {
    throw decodeTxError(error);
  });
  if (receipt.status === "reverted") {
    throw (await revertReason(publicClient, tx, receipt)) ?? new TransactionRevertedError(hash);
  }
  return receipt;
}

/** A TxSender bound to one wallet, for services that only need "send this and give me the receipt". */
export function createTxSender(clients: SendTxClients): TxSender {
  return (tx) => sendTx(clients, tx);
}
