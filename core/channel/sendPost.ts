import type { TransactionReceipt } from "viem";
import { postAsTx, postBatchAsTx, postBatchTx, postTx, type TxRequest, type TxSendOptions } from "../chain/index.js";
import { isSessionKeyUnusable } from "../session/isSessionKeyUnusable.js";
import type { ChannelContext, OutgoingMessage } from "./types.js";

/** The transaction posting `messages` (all of one channel): post for one, postBatch for several; the *As variants when a session key signs for the wallet. */
function postRequest(context: ChannelContext, messages: readonly OutgoingMessage[], viaSessionKey: boolean): TxRequest {
  const registry = context.deployment.channelRegistry;
  const wallet = context.account;
  const channelId = messages[0].channelId;
  if (messages.length === 1) {
    const wrappedCid = messages[0].wrappedCid;
    return viaSessionKey ? postAsTx(registry, { wallet, channelId, wrappedCid }) : postTx(registry, { channelId, wrappedCid });
  }
  const wrappedCids = messages.map((message) => message.wrappedCid);
  return viaSessionKey ? postBatchAsTx(registry, { wallet, channelId, wrappedCids }) : postBatchTx(registry, { channelId, wrappedCids });
}

/**
 * Posts `messages`, choosing the route at send time: through the active session key
 * (`context.sessionKey`) as postAs / postBatchAs, or with the wallet (`context.sender`) as post /
 * postBatch when there is none, or when the key turns out expired, revoked or out of funds before
 * anything was broadcast (`context.onSessionKeyFallback` is told why). Any other failure of the
 * key is thrown: that post may have reached the chain, so the wallet never sends it as well.
 */
export async function sendPost(context: ChannelContext, messages: readonly OutgoingMessage[], options: TxSendOptions): Promise<TransactionReceipt> {
  const viaKey = context.sessionKey?.();
  if (viaKey) {
    try {
      return await viaKey(postRequest(context, messages, true), options);
    } catch (error) {
      if (!isSessionKeyUnusable(error)) throw error;
      context.onSessionKeyFallback?.(error);
    }
  }
  return context.sender(postRequest(context, messages, false), options);
}
