import { createWalletClient, custom, WaitForTransactionReceiptTimeoutError, type Address, type Hash, type PublicClient } from "viem";
import { prepareTransactionRequest } from "viem/actions";
import { decodeTxError, DEFAULT_SEND_TIMEOUT_MS, TransactionPendingError } from "../chain/index.js";
import type { SessionKey } from "./createSessionKey.js";

/** Gas of a plain value transfer. */
const TRANSFER_GAS = 21_000n;

/**
 * Sends what is left on a session key back to `to` (signed by the key through a viem wallet
 * client, its nonce from the key's nonce manager: no wallet confirmation), keeping only the
 * transfer's own fee. Resolves with the transaction hash once mined, or null when the balance
 * does not cover the fee; TransactionPendingError when it is not mined within
 * DEFAULT_SEND_TIMEOUT_MS.
 */
export async function sweepSessionKey(params: { publicClient: PublicClient; key: SessionKey; chainId: number; to: Address }): Promise<Hash | null> {
  const { publicClient, key, to } = params;
  const from = key.account.address;
  const walletClient = createWalletClient({ account: key.account, chain: publicClient.chain, transport: custom(publicClient) });
  try {
    const [balance, fees] = await Promise.all([publicClient.getBalance({ address: from }), publicClient.estimateFeesPerGas()]);
    const fee = TRANSFER_GAS * fees.maxFeePerGas;
    if (balance <= fee) return null;
    const request = await prepareTransactionRequest(walletClient, {
      chain: null,
      chainId: params.chainId,
      to,
      value: balance - fee,
      gas: TRANSFER_GAS,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    const hash = await walletClient.sendTransaction(request);
    await publicClient.waitForTransactionReceipt({ hash, timeout: DEFAULT_SEND_TIMEOUT_MS }).catch((error: unknown) => {
      throw error instanceof WaitForTransactionReceiptTimeoutError ? new TransactionPendingError({ from, nonce: request.nonce, hash }, DEFAULT_SEND_TIMEOUT_MS) : error;
    });
    return hash;
  } catch (error) {
    throw decodeTxError(error);
  }
}
