import type { CID } from "multiformats/cid";
import { isAddressEqual, type Hex } from "viem";
import {
  ContractRevertedError,
  headBlock,
  NonceUsedError,
  readNonceState,
  TransactionInFlightError,
  TransactionPendingError,
  TransactionUnacknowledgedError,
  type NonceState,
  type RetryOptions,
  type BroadcastTx,
  type SentTx,
} from "../chain/index.js";
import { MAX_BATCH_ITEMS } from "../crypto/index.js";
import { equalBytes } from "../encoding/index.js";
import { createStorage, IpfsAbortedError, PinningBadRequestError, type PinStatus } from "../ipfs/index.js";
import { markDelivery } from "../pubsub/markDelivery.js";
import { findPostedMessages } from "./findPostedMessages.js";
import pMap from "p-map";
import { sealEnvelope, type SealTarget } from "./sealEnvelope.js";
import { sendPost } from "./sendPost.js";
import type { ChannelContext, DeliverOptions, OutgoingMessage, OutgoingStatus, ProvisionalPin, SealedMessage, StatusListener } from "./types.js";
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

const isAttachment = (message: OutgoingMessage, cid: CID) => message.envelope.attachments.some((attachment) => attachment.cid.equals(cid));

/** Files pinned by an earlier attempt whose provisional pin expired meanwhile go back to the upload list. */
async function recheckFilePins(context: ChannelContext, message: OutgoingMessage, signal?: AbortSignal): Promise<void> {
  for (const pin of message.provisionalPins ?? []) {
    if (!isAttachment(message, pin.cid) || message.unpinnedFiles.some((cid) => cid.equals(pin.cid))) continue;
    const held = await context.pinning.status(pin.requestid, { signal }).then(
      () => true,
      (error: unknown) => (pinGone(error) ? false : Promise.reject(error)),
    );
    if (!held) message.unpinnedFiles.push(pin.cid);
  }
}

/**
 * The message is on chain: make the provisional pins of its block and files permanent. One that
 * fails stays listed, for the next delivery call to confirm; the blocks of earlier sealings of the
 * message (sealed again under a newer epoch) are left to expire.
 */
async function confirmPins(context: ChannelContext, message: OutgoingMessage): Promise<void> {
  const left: ProvisionalPin[] = [];
  for (const pin of message.provisionalPins ?? []) {
    if (!pin.cid.equals(message.cid) && !isAttachment(message, pin.cid)) continue;
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

/**
 * The channel's current epoch with its key, read just before messages are posted (a read a moment
 * old may serve); `fresh` after the registry refused a post as sealed under a stale epoch.
 */
export type CurrentEpoch = (options?: { fresh?: boolean }) => Promise<SealTarget>;

/** Rounds of one post: a nonce found used, or an epoch that moved on, sends again at most this often. */
const POST_ROUNDS = 3;

/** The registry refused a wrapped CID sealed under an earlier epoch than the channel's current one. */
const staleEpoch = (error: unknown) => error instanceof ContractRevertedError && error.errorName === "ChannelStaleEpoch";

const sealedOf = ({ id, epoch, block, cid, wrappedCid }: OutgoingMessage): SealedMessage => ({ id, epoch, block, cid, wrappedCid });

function confirm(message: OutgoingMessage, txHash: Hex, blockNumber: bigint, onStatus?: StatusListener) {
  message.txHash = txHash;
  message.blockNumber = blockNumber;
  setStatus(message, "confirmed", onStatus);
}

/** Notes that `sent` carries the messages (a wallet tells the nonce first, then the hash: one attempt). */
function recordAttempt(messages: readonly OutgoingMessage[], sent: SentTx, fromBlock: bigint) {
  for (const message of messages) {
    const last = message.attempts.at(-1);
    const same = last && isAddressEqual(last.sent.from, sent.from) && last.sent.nonce === sent.nonce && equalBytes(last.sealed.wrappedCid, message.wrappedCid);
    if (same) last.sent = sent;
    else message.attempts.push({ sent, fromBlock, sealed: sealedOf(message) });
  }
}

/** Marks the messages whose earlier attempt reached the chain `confirmed` (as sealed then); returns the others. */
async function confirmPosted(context: ChannelContext, messages: readonly OutgoingMessage[], onStatus?: StatusListener, retry?: RetryOptions) {
  const posted = await findPostedMessages(context, messages, retry);
  for (const [message, { attempt, copy }] of posted) {
    Object.assign(message, attempt.sealed);
    confirm(message, copy.txHash, copy.blockNumber, onStatus);
  }
  return messages.filter((message) => !posted.has(message));
}

/**
 * Before messages that were posted before go out again: each one found on the chain is
 * `confirmed`; one whose last transaction is still pending stays `pending` (not sent again);
 * one whose last nonce nobody took yet is sent again with that nonce (so that at most one of the
 * two transactions is ever mined). The nonce states are read before the logs, so a transaction
 * mined in between is found in the logs. Returns what to post, with the attempt each replaces.
 */
async function settleAttempts(context: ChannelContext, messages: readonly OutgoingMessage[], onStatus?: StatusListener) {
  const lastSent = (message: OutgoingMessage) => message.attempts.at(-1)?.sent;
  const states = new Map<SentTx, Promise<NonceState>>();
  for (const message of messages) {
    const sent = lastSent(message);
    if (sent) states.set(sent, readNonceState(context.publicClient, sent));
  }
  const nonces = new Map(await Promise.all([...states].map(async ([sent, state]) => [sent, await state] as const)));
  const unposted = await confirmPosted(context, messages, onStatus);
  const toPost: { message: OutgoingMessage; replaces?: SentTx }[] = [];
  for (const message of unposted) {
    const sent = lastSent(message);
    const state = sent && nonces.get(sent);
    if (state === "pending") {
      message.txHash = sent!.hash;
      setStatus(message, "pending", onStatus, new TransactionPendingError(sent!));
    } else toPost.push({ message, replaces: state === "free" ? sent : undefined });
  }
  return toPost;
}

/** Seals again, under the channel's current epoch, the messages sealed under an earlier one. */
async function resealStale(context: ChannelContext, messages: readonly OutgoingMessage[], currentEpoch: CurrentEpoch, fresh = false) {
  const target = await currentEpoch({ fresh });
  for (const message of messages) {
    if (message.epoch !== target.epoch) Object.assign(message, await sealEnvelope(context, { ...target, channelId: message.channelId }, message.envelope));
  }
}

/**
 * Posts one batch (≤ MAX_BATCH_ITEMS messages of one channel, pinned), replacing `replaces`
 * when given. `head` is a block number read before the messages were pinned (a lower bound of
 * where they can land; later rounds read it again). A nonce found used looks for the messages on
 * the chain before they are sent with a fresh nonce; an epoch refused as stale seals them again.
 * The outcome is each message's status: `confirmed`, `pending` (sent, not mined within the bound)
 * or `failed`. The pending messages go out on pubsub as soon as the transaction is signed here
 * (with it), or once a wallet returned its hash.
 */
async function postBatch(
  context: ChannelContext,
  batch: OutgoingMessage[],
  replaces: SentTx | undefined,
  options: DeliverOptions,
  head: Promise<bigint>,
  currentEpoch?: CurrentEpoch,
) {
  const { onStatus, signal } = options;
  let open = batch;
  let pinnedNonce = replaces;
  for (let round = 1; ; round++) {
    try {
      if (signal?.aborted) throw new IpfsAbortedError({ cause: signal.reason });
      const fromBlock = await (round === 1 ? head : headBlock(context.publicClient));
      const posted = open;
      const announce = (tx: BroadcastTx) => void context.announce?.({ channelId: posted[0].channelId, messages: posted, tx });
      const receipt = await sendPost(context, posted, {
        replaces: pinnedNonce,
        onSent: (sent) => recordAttempt(posted, sent, fromBlock),
        onSigned: announce,
        onBroadcast: (tx) => {
          if (!tx.serialized) announce(tx);
        },
      });
      for (const message of open) confirm(message, receipt.transactionHash, receipt.blockNumber, onStatus);
      return;
    } catch (error) {
      try {
        if (round < POST_ROUNDS && error instanceof NonceUsedError) {
          open = await confirmPosted(context, open, onStatus);
          pinnedNonce = undefined;
          if (open.length === 0) return;
          continue;
        }
        // The answer was lost: the transaction may have been mined meanwhile (then the messages are
        // there). One read, no retries: the send's bound has passed already.
        if (error instanceof TransactionUnacknowledgedError) open = await confirmPosted(context, open, onStatus, { retries: 0 });
        if (round < POST_ROUNDS && currentEpoch && staleEpoch(error)) {
          await resealStale(context, open, currentEpoch, true);
          const pinned = await pMap(open, (message) => pinMessage(context, message, { signal }), { concurrency: PIN_CONCURRENCY });
          open = open.filter((_, index) => pinned[index]);
          pinnedNonce = undefined;
          if (open.length === 0) return;
          continue;
        }
      } catch (cause) {
        // The chain could not be read: what went out may still land, so nothing attempted is
        // failed (an in-flight send keeps its own error below: it says what is known).
        if (!(error instanceof TransactionInFlightError)) {
          for (const message of open) setStatus(message, message.attempts.length > 0 ? "pending" : "failed", onStatus, cause);
          return;
        }
      }
      for (const message of open) {
        if (error instanceof TransactionInFlightError) message.txHash = error.txHash ?? message.attempts.at(-1)?.sent.hash;
        setStatus(message, error instanceof TransactionInFlightError ? "pending" : "failed", onStatus, error);
      }
      return;
    }
  }
}

/** Settles earlier attempts, seals stale messages again, pins and posts; leaves every open message with its outcome. */
async function postMessages(context: ChannelContext, open: readonly OutgoingMessage[], options: DeliverOptions, currentEpoch?: CurrentEpoch) {
  const { onStatus } = options;
  let toPost: { message: OutgoingMessage; replaces?: SentTx }[];
  try {
    toPost = await settleAttempts(context, open, onStatus);
    if (currentEpoch) await resealStale(context, toPost.map(({ message }) => message), currentEpoch);
  } catch (error) {
    for (const message of open) if (message.status !== "confirmed") setStatus(message, message.attempts.length > 0 ? "pending" : "failed", onStatus, error);
    return;
  }
  // The head before posting, read while the messages are pinned (a block read earlier is a safe lower bound).
  const head = headBlock(context.publicClient);
  head.catch(() => undefined);
  const pinned = await pMap(toPost, ({ message }) => pinMessage(context, message, options), { concurrency: PIN_CONCURRENCY });
  markDelivery("send-pinned");
  const batches = new Map<SentTx | undefined, OutgoingMessage[]>();
  toPost.forEach(({ message, replaces }, index) => {
    if (pinned[index]) batches.set(replaces, [...(batches.get(replaces) ?? []), message]);
  });
  // A group that replaces an attempt holds at most what that one transaction carried (≤ MAX_BATCH_ITEMS).
  for (const [replaces, group] of batches) {
    for (let start = 0; start < group.length; start += MAX_BATCH_ITEMS) {
      await postBatch(context, group.slice(start, start + MAX_BATCH_ITEMS), replaces, options, head, currentEpoch);
    }
  }
}

/**
 * Delivers prepared, failed or pending messages of one channel. Messages posted before are
 * first looked for on the chain (found: `confirmed`; their transaction still pending: left
 * `pending`); with `currentEpoch`, a message sealed under an epoch that is no longer the
 * channel's is sealed again (new block and id, same envelope). Then every block and file is
 * pinned (`sending` → `pinned`) and the messages are posted, batched by up to MAX_BATCH_ITEMS
 * per transaction (→ `confirmed`); the provisional pins of every confirmed message are then made
 * permanent (pins of messages never posted expire on the service). A send that went out but is
 * not mined within the sender's bound leaves its messages `pending` with the hash: deliver them
 * again later to keep watching.
 * A failure marks the affected messages `failed` with a typed error and keeps them intact: pass
 * the same objects again to retry. Resolves once every message has settled.
 * `signal` cancels: uploads stop and nothing more is posted (`failed`, `IpfsAbortedError`).
 */
export async function deliverMessages(
  context: ChannelContext,
  messages: readonly OutgoingMessage[],
  options: DeliverOptions = {},
  currentEpoch?: CurrentEpoch,
): Promise<readonly OutgoingMessage[]> {
  await postMessages(context, messages.filter((message) => message.status !== "confirmed"), options, currentEpoch);
  for (const message of messages) if (message.status === "confirmed") await confirmPins(context, message);
  return messages;
}
