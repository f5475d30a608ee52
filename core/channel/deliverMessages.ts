import type { CID } from "multiformats/cid";
import { postAsTx, postBatchAsTx, postBatchTx, postTx, type TxRequest } from "../chain/index.js";
import { MAX_BATCH_ITEMS } from "../crypto/index.js";
import { createStorage, IpfsAbortedError, PinningBadRequestError } from "../ipfs/index.js";
import { mapConcurrent } from "./mapConcurrent.js";
import type { ChannelContext, DeliverOptions, OutgoingMessage, OutgoingStatus, StatusListener } from "./types.js";
import { toError } from "./toError.js";

const PIN_CONCURRENCY = 8;
/** CAR part size for uploads: bounds browser memory per request and sets the progress granularity. */
const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
/** How long a pin-by-CID service may take to fetch a DAG from this device. */
const PIN_BY_CID_TIMEOUT_MS = 10 * 60_000;

/** The service has no `POST /car` (a plain IPFS Pinning Service API, not Cairn's node). */
const lacksCarUpload = (error: unknown) => error instanceof PinningBadRequestError && (error.status === 404 || error.status === 405);

function setStatus(message: OutgoingMessage, status: OutgoingStatus, onStatus?: StatusListener, error?: unknown) {
  message.status = status;
  message.error = error === undefined ? undefined : toError(error);
  onStatus?.(message);
}

/**
 * Uploads a DAG from the local blockstore to the pinning service as bounded CAR parts
 * (`uploadDag`); resolves once it is pinned. A service without that fast path (any IPFS
 * Pinning Service API) is asked to pin by CID instead, fetching the blocks from this device
 * (`context.pinOrigins`). Reports progress when `onUpload` is given.
 */
async function pinDag(context: ChannelContext, root: CID, name: string, options: DeliverOptions) {
  const { onUpload, signal } = options;
  let lastPart = false;
  try {
    await context.pinning.uploadDag(context.ipfs.blockstore, root, {
      name,
      signal,
      partBytes: UPLOAD_PART_BYTES,
      onProgress: (bytes) => onUpload?.({ phase: lastPart ? "pinned" : "uploading", cid: root, bytes }),
      onLastPart: (bytes) => {
        lastPart = true;
        onUpload?.({ phase: "pinning", cid: root, bytes });
      },
    });
  } catch (error) {
    if (!lacksCarUpload(error)) throw error;
    if (!lastPart) onUpload?.({ phase: "pinning", cid: root, bytes: 0 });
    await context.pinning.pin(root, { name, signal, origins: context.pinOrigins?.() });
    await context.pinning.waitPinned(root, { signal, timeoutMs: PIN_BY_CID_TIMEOUT_MS });
    onUpload?.({ phase: "pinned", cid: root, bytes: 0 });
  }
}

/** Makes sure the block and its files are pinned; reports `pinned`, or `failed` and returns false. */
async function pinMessage(context: ChannelContext, message: OutgoingMessage, options: DeliverOptions): Promise<boolean> {
  const { onStatus, signal } = options;
  setStatus(message, "sending", onStatus);
  try {
    while (message.unpinnedFiles.length > 0) {
      await pinDag(context, message.unpinnedFiles[0], `cairn-file-${message.id}`, options);
      message.unpinnedFiles.shift();
    }
    await createStorage(context.ipfs).putBlock(message.block);
    await pinDag(context, message.cid, `cairn-msg-${message.id}`, { signal });
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
 * `signal` cancels: uploads stop and nothing more is posted (`failed`, `IpfsAbortedError`).
 */
export async function deliverMessages(
  context: ChannelContext,
  messages: readonly OutgoingMessage[],
  options: DeliverOptions = {},
): Promise<readonly OutgoingMessage[]> {
  const { onStatus, signal } = options;
  const pending = messages.filter((message) => message.status !== "confirmed");
  const pinned = await mapConcurrent(pending, PIN_CONCURRENCY, (message) => pinMessage(context, message, options));
  const ready = pending.filter((_, index) => pinned[index]);
  for (let start = 0; start < ready.length; start += MAX_BATCH_ITEMS) {
    const batch = ready.slice(start, start + MAX_BATCH_ITEMS);
    try {
      if (signal?.aborted) throw new IpfsAbortedError({ cause: signal.reason });
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
