import { createWalletClient, custom, type PublicClient } from "viem";
import { decodeTxError, sendTx, type SendTxOptions, type TxSender } from "../chain/index.js";
import type { SessionKey } from "./createSessionKey.js";
import { SessionKeyExpiredError, SessionKeyUnfundedError } from "./errors.js";
import { isSessionKeyExpired } from "./readSessionKeyExpiry.js";

export type SessionKeySenderParams = {
  publicClient: PublicClient;
  key: SessionKey;
  /** The on-chain expiry (unix seconds): past it, nothing is sent. */
  expiry: bigint;
  /** Unix seconds now (default: the local clock). */
  now?: () => number;
  /** Bounds of each send (sendTx's `timeoutMs`, `pollingIntervalMs`). */
  timing?: Pick<SendTxOptions, "timeoutMs" | "pollingIntervalMs">;
};

/**
 * A TxSender that signs with the session key and sends the raw transaction through the public
 * client (sendTx with a local account): no wallet involved. Before anything is broadcast it
 * checks expiry (SessionKeyExpiredError), simulates (a revert such as SessionKeyUnauthorizedError
 * is thrown as decoded) and checks the balance (SessionKeyUnfundedError), so those failures mean
 * the transaction was never sent. Sends one transaction at a time; nonces come from the key's
 * nonce manager.
 */
export function createSessionKeySender({ publicClient, key, expiry, now = () => Date.now() / 1000, timing }: SessionKeySenderParams): TxSender {
  const walletClient = createWalletClient({ account: key.account, chain: publicClient.chain, transport: custom(publicClient) });
  let queue: Promise<unknown> = Promise.resolve();

  const send: TxSender = async (tx, options = {}) => {
    if (isSessionKeyExpired(expiry, now())) throw new SessionKeyExpiredError(expiry);
    // Read while the transaction is prepared; checked before it is signed.
    const balance = publicClient.getBalance({ address: key.account.address });
    balance.catch(() => undefined);
    return sendTx({ walletClient, publicClient }, tx, {
      ...timing,
      ...options,
      check: async ({ gas, maxFeePerGas, value = 0n }) => {
        const held = await balance.catch((error: unknown) => {
          throw decodeTxError(error);
        });
        const needed = gas * maxFeePerGas + value;
        if (held < needed) throw new SessionKeyUnfundedError(held, needed);
      },
    });
  };

  return (tx, options) => {
    const result = queue.then(() => send(tx, options));
    queue = result.catch(() => undefined);
    return result;
  };
}
