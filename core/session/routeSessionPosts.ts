import { decodeFunctionData, encodeFunctionData, isAddressEqual, type Address } from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { InsufficientFundsError, SessionKeyUnauthorizedError, type TxRequest, type TxSender } from "../chain/index.js";
import { SessionKeyExpiredError, SessionKeyUnfundedError } from "./errors.js";

export type RouteSessionPostsParams = {
  registry: Address;
  /** Asks the wallet (one confirmation per transaction). */
  wallet: TxSender;
  /** The active session key's sender, or null when there is none. */
  session: () => TxSender | null;
  /** Called when a post meant for the session key goes to the wallet instead, with the reason. */
  onFallback?: (reason: Error) => void;
};

/** Failures a session key reports before broadcasting: the post is safe to send with the wallet. */
const unusable = (error: unknown): error is Error =>
  error instanceof SessionKeyExpiredError ||
  error instanceof SessionKeyUnfundedError ||
  error instanceof SessionKeyUnauthorizedError ||
  error instanceof InsufficientFundsError;

/** The same post signed by the wallet itself: postAs → post, postBatchAs → postBatch. */
function asWalletPost(tx: TxRequest): TxRequest {
  const { functionName, args } = decodeFunctionData({ abi: channelRegistryAbi, data: tx.data });
  if (functionName !== "postAs" && functionName !== "postBatchAs") return tx;
  const [, channelId, payload] = args;
  const data =
    functionName === "postAs"
      ? encodeFunctionData({ abi: channelRegistryAbi, functionName: "post", args: [channelId, payload] })
      : encodeFunctionData({ abi: channelRegistryAbi, functionName: "postBatch", args: [channelId, payload] });
  return { ...tx, data, description: tx.description.replace(/ for 0x[0-9a-fA-F]{40} \(session key\)$/, "") };
}

const isSessionPost = (registry: Address, tx: TxRequest) => {
  if (!isAddressEqual(tx.to, registry)) return false;
  try {
    const { functionName } = decodeFunctionData({ abi: channelRegistryAbi, data: tx.data });
    return functionName === "postAs" || functionName === "postBatchAs";
  } catch {
    return false;
  }
};

/**
 * One TxSender for a channel context built with `viaSessionKey: true`: posts (postAs,
 * postBatchAs) go through the session key while it is active; without one, or when the key is
 * expired, revoked or out of funds (all detected before broadcasting, so nothing is sent twice),
 * they go to the wallet as post / postBatch. Every other transaction goes to the wallet unchanged.
 */
export function routeSessionPosts({ registry, wallet, session, onFallback }: RouteSessionPostsParams): TxSender {
  return async (tx, options) => {
    if (!isSessionPost(registry, tx)) return wallet(tx, options);
    const viaKey = session();
    if (viaKey) {
      try {
        return await viaKey(tx, options);
      } catch (error) {
        if (!unusable(error)) throw error;
        onFallback?.(error);
      }
    }
    return wallet(asWalletPost(tx), options);
  };
}
