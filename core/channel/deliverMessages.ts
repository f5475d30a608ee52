import type { CID } from "multiformats/cid";
import { postAsTx, postBatchAsTx, postBatchTx, postTx, type TxRequest } from "../chain/index.js";
import { MAX_BATCH_ITEMS } from "../crypto/index.js";
import { createStorage, IpfsAbortedError, PinningBadRequestError, type PinStatus } from "../ipfs/index.js";
import { mapConcurrent } from "./mapConcurrent.js";
import type { ChannelContext, DeliverOptions, OutgoingMessage, OutgoingStatus, ProvisionalPin, StatusListener } from "./types.js";
import { toError } from "./toError.js";

const PIN_CONCURRENCY = 8;
/** CAR part size for uploads: bounds browser memory per request and sets the progress granularity. */
const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
/** How long a pin-by-CID service may take to fetch a DAG from this device. */
const PIN_BY_CID_TIMEOUT_MS = 10 * 60_000;

/** The service has no `POST /car` (a plain IPFS Pinning Service API, not Cairn's node). */
const lacksCarUpload = (error: unknown) => error instanceof PinningBadRequestError && error.code !== "UPLOAD_NOT_FOUND" && (error.status === 404 || error.status === 405);
/** The service no longer holds this request (a provisional pin that expired). */
const pinGone = (error: unknown) => error instanceof PinningBadRequestError && error.status === 404;

function setStatus(message: OutgoingMessage, status: OutgoingStatus, onStatus?: StatusListener, error?: unknown) {
  message.status = status;
  message.error = error === undefined ? undefined : toError(error);
  onStatus?.(message);
}

/**
 * Uploads a DAG from the local blockstore to the pinning service as bounded CAR parts
 * (`uploadDag`), as a provisional pin; resolves once it is pinned, with the pin to confirm
 * after the post. A service without that fast path (any IPFS Pinning Service API) is asked to
 * pin by CID instead (a permanent pin), fetching the blocks from this device
 * (`context.pinOrigins`). Pins carry no name: the service learns nothing that links them to a
 * message. Reports progress when `onUpload` is given.
 */
async function pinDag(context: ChannelContext, root: CID, options: DeliverOptions): Promise<PinStatus | undefined> {
  const { onUpload, signal } = options;
  let lastPart = false;
  try {
    return await context.pinning.uploadDag(context.ipfs.blockstore, root, {
      provisional: true,
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
    await context.pinning.pin(root, { signal, origins: context.pinOrigins?.() });
    await context.pinning.waitPinned(root, { signal, timeoutMs: PIN_BY_CID_TIMEOUT_MS });
    onUpload?.({ phase: "pinned", cid: root, bytes: 0 });
    return undefined;
  }
}

/** Keep `pin` (if provisional) as the message's pin of `cid`. */
function remember(message: OutgoingMessage, cid: CID, pin: PinStatus | undefined): void {
  const others = (message.provisionalPins ?? []).filter((held) => !held.cid.equals(cid));
  message.provisionalPins = pin?.info?.provisional_until ? [...others, { cid, requestid: pin.requestid }] : others;
}

/** Files pinned by an earlier attempt whose provisional pin expired meanwhile go back to the upload list. */
async function recheckFilePins(context: ChannelContext, message: OutgoingMessage, signal?: AbortSignal): Promise<void> {
  for (const pin of message.provisionalPins ?? []) {
    if (pin.cid.equals(message.cid) || message.unpinnedFiles.some((cid) => cid.equals(pin.cid))) continue;
    const held = await context.pinning.status(pin.requestid, { signal }).then(
      () => true,
      (error: unknown) => (pinGone(error) ? false : Promise.reject(error)),
    );
    if (!held) message.unpinnedFiles.push(pin.cid);
  }
}

/** The message is on chain: make its provisional pins permanent. One that fails stays listed, for the next delivery call to confirm. */
async function confirmPins(context: ChannelContext, message: OutgoingMessage): Promise<void> {
  const left: ProvisionalPin[] = [];
  for (const pin of message.provisionalPins ?? []) {
    await context.pinning.confirm(pin.requestid, pin.cid).catch(() => left.push(pin));
  }
  message.provisionalPins = left;
}

/** Makes sure the block and its files are pinned; reports `pinned`, or `failed` and returns false. */
async function pinMessage(context: ChannelContext, message: OutgoingMessage, options: DeliverOptions): Promise<boolean> {
  const { onStatus, signal } = options;
  setStatus(message, "sending", onStatus);
  try {
    await recheckFilePins(context, message, signal);
    while (message.unpinnedFiles.length > 0) {
      const file = message.unpinnedFiles[0];
      remember(message, file, await pinDag(context, file, options));
      message.unpinnedFiles.shift();
    }
    await createStorage(context.ipfs).putBlock(message.block);
    remember(message, message.cid, await pinDag(context, message.cid, { signal }));
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
 * (→ `confirmed`), then confirms their provisional pins. A failure marks the affected messages
 * `failed` with a typed error and keeps them intact: pass the same objects again to retry (pins
 * left provisional then expire on the service). Resolves once every message has settled.
 * `signal` cancels: uploads stop and nothing more is posted (`failed`, `IpfsAbortedError`).
 */
export async function deliverMessages(
  context: ChannelContext,
  messages: readonly OutgoingMessage[],
  options: DeliverOptions = {},
): Promise<readonly OutgoingMessage[]> {
  const { onStatus, signal } = options;
  for (const message of messages) if (message.status === "confirmed") await confirmPins(context, message);
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
      for (const message of batch) await confirmPins(context, message);
    } catch (error) {
      for (const message of batch) setStatus(message, "failed", onStatus, error);
    }
  }
  return messages;
}
