import {
  isAddressEqual,
  keccak256,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Account,
  type Chain,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";
import { prepareTransactionRequest } from "viem/actions";
import { raceSignal } from "race-signal";
import { classifySendError } from "./classifySendError.js";
import { decodeTxError, decodeRevert, findRevertData } from "./decodeTxError.js";
import {
  ConcurrentSendError,
  NonceUsedError,
  TransactionPendingError,
  TransactionRevertedError,
  TransactionUnacknowledgedError,
} from "./errors.js";
import type { SentTx, TxRequest, TxSendOptions, TxSender } from "./types.js";

/**
 * How long a send may take, in ms: for a locally signed transaction from the start (preparing,
 * broadcasting, mining), for a wallet's from the moment the wallet returns the hash (the person
 * confirming is not timed). Past it the send rejects with TransactionPendingError (the node
 * holds it) or TransactionUnacknowledgedError (the node never confirmed receiving it).
 */
export const DEFAULT_SEND_TIMEOUT_MS = 120_000;
/** Between two receipt polls, in ms. */
export const DEFAULT_RECEIPT_POLL_MS = 1_000;
/** Fresh nonces tried while other transactions of the same account keep taking them. */
export const NONCE_ATTEMPTS = 5;
/** Gas limit above the estimate, in percent: a post mined a block later may cost more (e.g. the first message of a new window). */
const GAS_MARGIN_PERCENT = 20n;
/** How often a wallet is asked to send one transaction when its answers get lost. */
const WALLET_ASKS = 2;
/** Pause before sending again after an unanswered broadcast, in ms. */
const BROADCAST_RETRY_MS = 500;

export type SendTxClients = {
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  publicClient: PublicClient;
};

export type SendTxOptions = TxSendOptions & {
  /** The bound of the whole send (default DEFAULT_SEND_TIMEOUT_MS). */
  timeoutMs?: number;
  pollingIntervalMs?: number;
  /**
   * Runs on a locally signed transaction once it is prepared (gas, fees, nonce) and before it
   * is signed: throw (or reject) to send nothing (e.g. a session key that cannot pay for it).
   */
  check?: (prepared: { gas: bigint; maxFeePerGas: bigint; value?: bigint }) => void | Promise<void>;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
/** A short random pause, so that concurrent senders of one account stop colliding on the same nonce. */
const jitter = () => sleep(50 + Math.random() * 200);

/** The promise's value, or its failure as a typed Cairn error. */
async function decoded<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw decodeTxError(error);
  }
}

/** A clock for one bounded wait: `within` gives up on a call once the bound has passed. */
function deadline(timeoutMs: number) {
  const startedAt = Date.now();
  const signal = AbortSignal.timeout(timeoutMs);
  return {
    signal,
    passed: () => signal.aborted,
    waited: () => Date.now() - startedAt,
    left: () => Math.max(0, startedAt + timeoutMs - Date.now()),
    within: <T>(promise: Promise<T>) => raceSignal(promise, signal),
  };
}
type Deadline = ReturnType<typeof deadline>;

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

/** Whether the node knows the transaction (pending or mined); undefined when it did not answer. */
async function nodeHolds(publicClient: PublicClient, hash: Hex, clock: Deadline): Promise<boolean | undefined> {
  try {
    await clock.within(publicClient.getTransaction({ hash }));
    return true;
  } catch (error) {
    return error instanceof TransactionNotFoundError ? false : undefined;
  }
}

/**
 * Polls for the receipt until the deadline; transient RPC failures only mean "ask again". A
 * reverted transaction rejects with its decoded revert; no receipt in time is TransactionPendingError.
 */
async function waitForReceipt(publicClient: PublicClient, tx: TxRequest, sent: SentTx & { hash: Hex }, clock: Deadline, pollingIntervalMs: number) {
  for (;;) {
    const receipt = await clock.within(publicClient.getTransactionReceipt({ hash: sent.hash })).catch((error: unknown) => {
      const retry = clock.passed() || error instanceof TransactionReceiptNotFoundError || classifySendError(error) === "ambiguous";
      if (!retry) throw decodeTxError(error);
      return undefined;
    });
    if (receipt?.status === "reverted") throw (await revertReason(publicClient, tx, receipt)) ?? new TransactionRevertedError(sent.hash);
    if (receipt) return receipt;
    if (clock.passed()) throw new TransactionPendingError(sent, clock.waited());
    await sleep(Math.min(pollingIntervalMs, clock.left()));
  }
}

/**
 * Broadcasts a signed transaction until the node acknowledges it. An unanswered attempt is
 * checked by hash and sent again (the same bytes: it cannot be mined twice). Returns "sent", or
 * the nonce conflict that kept it out; rejects with the decoded refusal, or
 * TransactionUnacknowledgedError when the deadline passes without an acknowledgement.
 */
async function broadcast(publicClient: PublicClient, serializedTransaction: Hex, sent: SentTx & { hash: Hex }, clock: Deadline) {
  for (;;) {
    let failure: unknown;
    try {
      await clock.within(publicClient.sendRawTransaction({ serializedTransaction }));
      return "sent" as const;
    } catch (error) {
      failure = error;
    }
    const kind = classifySendError(failure);
    if (kind === "known") return "sent" as const;
    if (kind === undefined && !clock.passed()) throw decodeTxError(failure);
    const held = await nodeHolds(publicClient, sent.hash, clock);
    if (held) return "sent" as const;
    if (kind === "nonce-too-low" || kind === "nonce-taken") return kind;
    if (clock.passed()) throw new TransactionUnacknowledgedError(sent, { cause: failure });
    await sleep(Math.min(BROADCAST_RETRY_MS, clock.left()));
  }
}

/**
 * A transaction signed here (a local account: the CLI's key, a session key): its hash is known
 * before it is sent, so an unanswered broadcast is checked by hash and repeated with the same
 * bytes. Nonces come from the account's viem nonce manager (or the pending count); a nonce taken
 * by another send of the account is retried with a fresh one, NONCE_ATTEMPTS times.
 */
async function sendSigned(publicClient: PublicClient, account: LocalAccount, chain: Chain | undefined, tx: TxRequest, options: SendTxOptions) {
  const { replaces, onSent, onSigned, onBroadcast, timeoutMs = DEFAULT_SEND_TIMEOUT_MS, pollingIntervalMs = DEFAULT_RECEIPT_POLL_MS, check } = options;
  const from = account.address;
  const pinned = replaces && isAddressEqual(replaces.from, from) ? replaces.nonce : undefined;
  const clock = deadline(timeoutMs);
  const chainId = chain?.id ?? (await decoded(clock.within(publicClient.getChainId())));
  /** Gives back a nonce the manager handed out for a transaction that did not go out. */
  const release = () => {
    if (pinned === undefined) account.nonceManager?.reset({ address: from, chainId });
  };
  for (let attempt = 1; ; attempt++) {
    // Fees and nonce, and the gas estimate, in parallel; both settle before a failure gives the nonce back.
    const [prepared, estimate] = await Promise.allSettled([
      clock.within(
        prepareTransactionRequest(publicClient, {
          account,
          chain,
          chainId,
          to: tx.to,
          data: tx.data,
          value: tx.value,
          nonce: pinned,
          nonceManager: account.nonceManager,
          parameters: ["chainId", "fees", "nonce", "type"],
        }),
      ),
      // prepare: false, or viem would fetch fees and the nonce again for this local account.
      clock.within(publicClient.estimateGas({ account, to: tx.to, data: tx.data, value: tx.value, prepare: false })),
    ]);
    if (prepared.status === "rejected" || estimate.status === "rejected") {
      release();
      throw decodeTxError(prepared.status === "rejected" ? prepared.reason : (estimate as PromiseRejectedResult).reason);
    }
    const request = prepared.value;
    const gas = (estimate.value * (100n + GAS_MARGIN_PERCENT)) / 100n;
    let outcome: Awaited<ReturnType<typeof broadcast>>;
    let sent: SentTx & { hash: Hex };
    let serialized: Hex;
    try {
      await check?.({ gas, maxFeePerGas: request.maxFeePerGas!, value: tx.value });
      serialized = await account.signTransaction({ ...request, gas } as Parameters<LocalAccount["signTransaction"]>[0]);
      sent = { from, nonce: request.nonce!, hash: keccak256(serialized) };
      onSent?.(sent);
      onSigned?.({ ...sent, serialized });
      outcome = await broadcast(publicClient, serialized, sent, clock);
    } catch (error) {
      if (!(error instanceof TransactionUnacknowledgedError)) release();
      throw error;
    }
    if (outcome === "sent") {
      onBroadcast?.({ ...sent, serialized });
      return waitForReceipt(publicClient, tx, sent, clock, pollingIntervalMs);
    }
    release();
    if (pinned !== undefined) {
      if (outcome === "nonce-too-low") throw new NonceUsedError(from, pinned);
      throw new TransactionPendingError({ ...replaces!, nonce: pinned });
    }
    if (attempt >= NONCE_ATTEMPTS) throw new ConcurrentSendError(from);
    await jitter();
  }
}

/**
 * A transaction the wallet signs and sends (eth_sendTransaction: only the hash comes back). The
 * nonce is read (pending) and pinned into the request. After an unanswered request the account's
 * pending transaction count tells whether anything took that nonce: if not, the wallet is asked
 * once more with the same nonce; if so, the send is in flight (TransactionUnacknowledgedError).
 */
async function sendWithWallet({ walletClient, publicClient }: SendTxClients, tx: TxRequest, options: SendTxOptions) {
  const { replaces, onSent, onBroadcast, timeoutMs = DEFAULT_SEND_TIMEOUT_MS, pollingIntervalMs = DEFAULT_RECEIPT_POLL_MS } = options;
  const { account, chain } = walletClient;
  const from = account.address;
  const pinned = replaces && isAddressEqual(replaces.from, from) ? replaces.nonce : undefined;
  const pendingCount = () => publicClient.getTransactionCount({ address: from, blockTag: "pending" });
  let unanswered = 0;
  for (let attempt = 1; ; attempt++) {
    const nonce = pinned ?? (await decoded(pendingCount()));
    onSent?.({ from, nonce });
    let hash: Hex;
    try {
      hash = await walletClient.sendTransaction({ account, chain, to: tx.to, data: tx.data, value: tx.value, nonce });
    } catch (error) {
      const kind = classifySendError(error);
      if (kind === undefined) throw decodeTxError(error);
      if (kind === "ambiguous") {
        const count = await pendingCount().catch(() => undefined);
        if (count === undefined || count > nonce || ++unanswered >= WALLET_ASKS) throw new TransactionUnacknowledgedError({ from, nonce }, { cause: error });
        continue;
      }
      if (pinned !== undefined) {
        if (kind === "nonce-too-low") throw new NonceUsedError(from, pinned, { cause: error });
        throw new TransactionPendingError({ ...replaces!, nonce: pinned });
      }
      if (attempt >= NONCE_ATTEMPTS) throw new ConcurrentSendError(from, { cause: error });
      await jitter();
      continue;
    }
    const sent = { from, nonce, hash };
    onSent?.(sent);
    onBroadcast?.(sent);
    return waitForReceipt(publicClient, tx, sent, deadline(timeoutMs), pollingIntervalMs);
  }
}

/**
 * Sends a transaction as data and waits, within a bound, for its receipt. Nothing is sent twice:
 * an unanswered send is checked before it is repeated, and a retry that `replaces` an earlier
 * attempt reuses its nonce. Every failure is typed: TransactionRejectedError,
 * InsufficientFundsError, ContractRevertedError (or its dedicated subclass such as
 * NotMemberError), RpcUnavailableError (nothing sent), TransactionRevertedError,
 * TransactionPendingError / TransactionUnacknowledgedError (sent, or maybe sent: not failed),
 * ConcurrentSendError, NonceUsedError (only with `replaces`), TransactionFailedError.
 */
export async function sendTx(clients: SendTxClients, tx: TxRequest, options: SendTxOptions = {}): Promise<TransactionReceipt> {
  const { account, chain } = clients.walletClient;
  if (account.type === "local") return sendSigned(clients.publicClient, account, chain, tx, options);
  return sendWithWallet(clients, tx, options);
}

/** A TxSender bound to one wallet, for services that only need "send this and give me the receipt". */
export function createTxSender(clients: SendTxClients, defaults: Pick<SendTxOptions, "timeoutMs" | "pollingIntervalMs"> = {}): TxSender {
  return (tx, options) => sendTx(clients, tx, { ...defaults, ...options });
}
