import type { PublicClient } from "viem";
import { decodeTxError, TransactionRevertedError, withRetry, type TxRequest, type TxSender } from "../chain/index.js";
import type { SessionKey } from "./createSessionKey.js";
import { SessionKeyExpiredError, SessionKeyUnfundedError } from "./errors.js";

export type SessionKeySenderParams = {
  publicClient: PublicClient;
  key: SessionKey;
  chainId: number;
  /** The on-chain expiry (unix seconds): past it, nothing is sent. */
  expiry: bigint;
  /** Unix seconds now (default: the local clock). */
  now?: () => number;
};

/**
 * A TxSender that signs with the session key and sends the raw transaction through the public
 * client: no wallet involved. Before anything is broadcast it checks expiry (SessionKeyExpiredError),
 * simulates (a revert such as SessionKeyUnauthorizedError is thrown as decoded) and checks the
 * balance (SessionKeyUnfundedError), so those failures mean the transaction was never sent.
 * Sends one transaction at a time (nonces come from the pending count).
 */
export function createSessionKeySender({ publicClient, key, chainId, expiry, now = () => Date.now() / 1000 }: SessionKeySenderParams): TxSender {
  const from = key.account.address;
  let queue: Promise<unknown> = Promise.resolve();

  const send = async (tx: TxRequest) => {
    if (BigInt(Math.floor(now())) >= expiry) throw new SessionKeyExpiredError(expiry);
    const call = { account: from, to: tx.to, data: tx.data, value: tx.value };
    const [gas, fees, balance, nonce] = await Promise.all([
      publicClient.estimateGas(call),
      publicClient.estimateFeesPerGas(),
      publicClient.getBalance({ address: from }),
      publicClient.getTransactionCount({ address: from, blockTag: "pending" }),
    ]).catch((error: unknown) => {
      throw decodeTxError(error);
    });
    const gasLimit = (gas * 12n) / 10n;
    const needed = gasLimit * fees.maxFeePerGas + (tx.value ?? 0n);
    if (balance < needed) throw new SessionKeyUnfundedError(balance, needed);
    const serialized = await key.account.signTransaction({
      type: "eip1559",
      chainId,
      nonce,
      gas: gasLimit,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      to: tx.to,
      data: tx.data,
      value: tx.value,
    });
    const hash = await publicClient.sendRawTransaction({ serializedTransaction: serialized }).catch((error: unknown) => {
      throw decodeTxError(error);
    });
    const receipt = await withRetry(() => publicClient.waitForTransactionReceipt({ hash })).catch((error: unknown) => {
      throw decodeTxError(error);
    });
    if (receipt.status === "reverted") throw new TransactionRevertedError(hash);
    return receipt;
  };

  return (tx) => {
    const result = queue.then(() => send(tx));
    queue = result.catch(() => undefined);
    return result;
  };
}
