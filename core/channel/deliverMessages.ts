import type { CID } from "multiformats/cid";
import { postAsTx, postBatchAsTx, postBatchTx, postTx, type TxRequest } from "../chain/index.js";
import { MAX_BATCH_ITEMS } from "../crypto/index.js";
import { createStorage, exportCar } from "../ipfs/index.js";
import { mapConcurrent } from "./mapConcurrent.js";
import type { ChannelContext, OutgoingMessage, OutgoingStatus, StatusListener } from "./types.js";
import { toError } from "./toError.js";

const PIN_CONCURRENCY = 8;

function setStatus(message: OutgoingMessage, status: OutgoingStatus, onStatus?: StatusListener, error?: unknown) {
  message.status = status;
  message.error = error === undefined ? undefined : toError(error);
  onStatus?.(message);
}

/** Uploads a DAG from the local blockstore to the pinning service as a CAR; resolves once it is pinned. */
async function pinDag(context: ChannelContext, root: CID, name: string) {
  await context.pinning.uploadCar(() => exportCar(context.ipfs.blockstore, root), { name });
}

/** Makes sure the block and its files are pinned; reports `pinned`, or `failed` and returns false. */
async function pinMessage(context: ChannelContext, message: OutgoingMessage, onStatus?: StatusListener): Promise<boolean> {
  setStatus(message, "sending", onStatus);
  try {
    while (message.unpinnedFiles.length > 0) {
      await pinDag(context, message.unpinnedFiles[0], `cairn-file-${message.id}`);
      message.unpinnedFiles.shift();
    }
    await createStorage(context.ipfs).putBlock(message.block);
    await pinDag(context, message.cid, `cairn-msg-${message.id}`);
    setStatus(message, "pinned", onStatus);
    return true;
  } catch (error) {
    setStatus(message, "failed", onStatus, error);
    return false;
  }
}

/** The transaction posting `messages` (all of one channel): post for one, postBatch for several; the *As variants via a session key. */
function postRequest(context: ChannelContext, channelId: bigint, messages: readonly OutgoingMessage[]): TxRequest {
  const registry = context.deployment.channelRegistry;
  const wallet = context.account;
  if (messages.length === 1) {
    const wrappedCid = messages[0].wrappedCid;
    return context.viaSessionKey ? postAsTx(registry, { wallet, channelId, wrappedCid }) : postTx(registry, { channelId, wrappedCid });
  }
  const wrappedCids = messages.map((message) => message.wrappedCid);
  return context.viaSessionKey
    ? postBatchAsTx(registry, { wallet, channelId, wrappedCids })
    : postBatchTx(registry, { channelId, wrappedCids });
}

/**
 * Delivers prepared (or failed) messages of one channel: pins every block and file
 * (`sending` → `pinned`), then posts them, batched by up to MAX_BATCH_ITEMS per transaction
 * (→ `confirmed`). A failure marks the affected messages `failed` with a typed error and keeps
 * them intact: pass the same objects again to retry. Resolves once every message has settled.
 */
export async function deliverMessages(
  context: ChannelContext,
  messages: readonly OutgoingMessage[],
  onStatus?: StatusListener,
): Promise<readonly OutgoingMessage[]> {
  const pending = messages.filter((message) => message.status !== "confirmed");
  const pinned = await mapConcurrent(pending, PIN_CONCURRENCY, (message) => pinMessage(context, message, onStatus));
  const ready = pending.filter((_, index) => pinned[index]);
  for (let start = 0; start < ready.length; start += MAX_BATCH_ITEMS) {
    const batch = ready.slice(start, start + MAX_BATCH_ITEMS);
    try {
      const receipt = await context.sender(postRequest(context, batch[0].channelId, batch));
      for (const message of batch) {
        message.txHash = receipt.transactionHash;
        message.blockNumber = receipt.blockNumber;
        setStatus(message, "confirmed", onStatus);
      }
    } catch (error) {
      for (const message of batch) setStatus(message, "failed", onStatus, error);
    }
  }
  return messages;
}
