import type { Address, Hex } from "viem";
import { CairnError } from "../errors.js";
import type { SentTx } from "./types.js";

/** The RPC endpoint could not be reached, timed out or closed the connection. */
export class RpcUnavailableError extends CairnError {
  override readonly name: string = "RpcUnavailableError";
  constructor(options: { cause?: unknown; details?: string } = {}) {
    super("The Ethereum RPC endpoint is unreachable.", options);
  }
}

/** The RPC endpoint refused the request because of its rate limit. */
export class RpcRateLimitedError extends CairnError {
  override readonly name: string = "RpcRateLimitedError";
  constructor(options: { cause?: unknown; details?: string } = {}) {
    super("The Ethereum RPC endpoint is rate limiting requests.", options);
  }
}

/** The RPC endpoint refused an `eth_getLogs` range even at a single block. */
export class LogRangeTooLargeError extends CairnError {
  override readonly name: string = "LogRangeTooLargeError";
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  constructor(fromBlock: bigint, toBlock: bigint, options: { cause?: unknown } = {}) {
    super(`The RPC endpoint refused the logs of blocks ${fromBlock}..${toBlock}.`, options);
    this.fromBlock = fromBlock;
    this.toBlock = toBlock;
  }
}

/** The RPC endpoint has no such block (past its head, or pruned). */
export class BlockHeaderNotFoundError extends CairnError {
  override readonly name: string = "BlockHeaderNotFoundError";
  readonly block: bigint | "latest";
  constructor(block: bigint | "latest") {
    super(`The RPC endpoint has no block ${block}.`);
    this.block = block;
  }
}

/** The wallet's owner declined the transaction (EIP-1193 code 4001). */
export class TransactionRejectedError extends CairnError {
  override readonly name: string = "TransactionRejectedError";
  constructor(options: { cause?: unknown } = {}) {
    super("The transaction was rejected in the wallet.", options);
  }
}

/** The sending account cannot pay for gas (and value). */
export class InsufficientFundsError extends CairnError {
  override readonly name: string = "InsufficientFundsError";
  constructor(options: { cause?: unknown } = {}) {
    super("The account does not have enough funds to pay for this transaction.", options);
  }
}

/** The transaction was mined but reverted without revert data we could decode. */
export class TransactionRevertedError extends CairnError {
  override readonly name: string = "TransactionRevertedError";
  readonly txHash: string;
  constructor(txHash: string, options: { cause?: unknown } = {}) {
    super(`Transaction ${txHash} reverted.`, options);
    this.txHash = txHash;
  }
}

/** Sending failed for a reason none of the other errors describe. */
export class TransactionFailedError extends CairnError {
  override readonly name: string = "TransactionFailedError";
  constructor(options: { cause?: unknown; details?: string } = {}) {
    super("The transaction could not be sent.", options);
  }
}

/**
 * A transaction went out (or may have) and is not known to be mined: it must never be reported
 * as failed nor sent again as a new transaction. Carries what is known: the sender, its nonce
 * and, when known, the hash. A later send that pins the same nonce replaces it instead of adding one.
 */
export class TransactionInFlightError extends CairnError {
  override readonly name: string = "TransactionInFlightError";
  readonly from: Address;
  readonly nonce: number;
  readonly txHash: Hex | undefined;
  constructor(shortMessage: string, sent: SentTx, options: { cause?: unknown } = {}) {
    super(shortMessage, options);
    this.from = sent.from;
    this.nonce = sent.nonce;
    this.txHash = sent.hash;
  }
}

const sentAs = (sent: SentTx) => (sent.hash ? `Sent as ${sent.hash}` : `Sent from ${sent.from} with nonce ${sent.nonce}`);

/** The transaction is pending (the node holds it, or holds one with its nonce) and was not mined within the wait's bound; it may still be. */
export class TransactionPendingError extends TransactionInFlightError {
  override readonly name: string = "TransactionPendingError";
  /** How long the send waited for it, in ms (0: it found the transaction already pending). */
  readonly waitedMs: number;
  constructor(sent: SentTx, waitedMs = 0) {
    super(`${sentAs(sent)}, not yet mined${waitedMs > 0 ? ` after ${Math.round(waitedMs / 1000)} s` : ""}.`, sent);
    this.waitedMs = waitedMs;
  }
}

/** The RPC endpoint (or wallet) never confirmed receiving the transaction: it may or may not be pending. */
export class TransactionUnacknowledgedError extends TransactionInFlightError {
  override readonly name: string = "TransactionUnacknowledgedError";
  constructor(sent: SentTx, options: { cause?: unknown } = {}) {
    super(`${sentAs(sent)}, but the RPC endpoint did not confirm receiving it; it may still be mined.`, sent, options);
  }
}

/** Another transaction of the same account took the nonce, again and again: another send is running. */
export class ConcurrentSendError extends CairnError {
  override readonly name: string = "ConcurrentSendError";
  readonly from: Address;
  constructor(from: Address, options: { cause?: unknown } = {}) {
    super(`Another send from ${from} is in progress (its transactions keep taking the next nonce); try again.`, options);
    this.from = from;
  }
}

/** A send pinned to the nonce of an earlier attempt found that nonce mined: by that attempt, or by another transaction. */
export class NonceUsedError extends CairnError {
  override readonly name: string = "NonceUsedError";
  readonly from: Address;
  readonly nonce: number;
  constructor(from: Address, nonce: number, options: { cause?: unknown } = {}) {
    super(`Nonce ${nonce} of ${from} is already used by a mined transaction.`, options);
    this.from = from;
    this.nonce = nonce;
  }
}

/** A contract call reverted with a custom error of the Cairn contracts. */
export class ContractRevertedError extends CairnError {
  override readonly name: string = "ContractRevertedError";
  /** The Solidity error's name, e.g. `ChannelNotMember`. */
  readonly errorName: string;
  /** The decoded error arguments, in declaration order. */
  readonly args: readonly unknown[];
  constructor(errorName: string, args: readonly unknown[], options: { cause?: unknown; shortMessage?: string } = {}) {
    const shown = args.map((arg) => String(arg)).join(", ");
    super(options.shortMessage ?? `The contract refused the call: ${errorName}(${shown}).`, { cause: options.cause });
    this.errorName = errorName;
    this.args = args;
  }
}

type RevertOptions = { cause?: unknown };

/** `ChannelNotFound(channelId)`: no channel has this id. */
export class ChannelNotFoundError extends ContractRevertedError {
  override readonly name: string = "ChannelNotFoundError";
  constructor(args: readonly unknown[], options: RevertOptions = {}) {
    super("ChannelNotFound", args, { ...options, shortMessage: `Channel #${String(args[0])} does not exist.` });
  }
}

/**
 * `ChannelNotMember(channelId, account)`: the account is not a member of the channel. Also thrown
 * before sending when the channel state already shows it (the registry would revert the same way).
 */
export class NotMemberError extends ContractRevertedError {
  override readonly name: string = "NotMemberError";
  constructor(args: readonly unknown[], options: RevertOptions = {}) {
    super("ChannelNotMember", args, {
      ...options,
      shortMessage: `${String(args[1])} is not a member of channel #${String(args[0])}.`,
    });
  }
}

/** `ChannelNotAdmin(channelId, account)`: only the channel's admin may do this. */
export class NotAdminError extends ContractRevertedError {
  override readonly name: string = "NotAdminError";
  constructor(args: readonly unknown[], options: RevertOptions = {}) {
    super("ChannelNotAdmin", args, {
      ...options,
      shortMessage: `${String(args[1])} is not the admin of channel #${String(args[0])}.`,
    });
  }
}

/** `ChannelAlreadyMember(channelId, account)`: the account is already a member. */
export class AlreadyMemberError extends ContractRevertedError {
  override readonly name: string = "AlreadyMemberError";
  constructor(args: readonly unknown[], options: RevertOptions = {}) {
    super("ChannelAlreadyMember", args, {
      ...options,
      shortMessage: `${String(args[1])} is already a member of channel #${String(args[0])}.`,
    });
  }
}

/** `ChannelNotPublic(channelId)`: only public channels can be joined without an invitation. */
export class ChannelNotPublicError extends ContractRevertedError {
  override readonly name: string = "ChannelNotPublicError";
  constructor(args: readonly unknown[], options: RevertOptions = {}) {
    super("ChannelNotPublic", args, { ...options, shortMessage: `Channel #${String(args[0])} is private.` });
  }
}

/** `ChannelDirectExists(channelId)`: the pair already has a 1:1 channel. */
export class DirectChannelExistsError extends ContractRevertedError {
  override readonly name: string = "DirectChannelExistsError";
  constructor(args: readonly unknown[], options: RevertOptions = {}) {
    super("ChannelDirectExists", args, {
      ...options,
      shortMessage: `A direct channel already exists (#${String(args[0])}).`,
    });
  }
}

/**
 * `ChannelStaleEpoch(channelId, current, given)`: a message was sealed under an epoch the channel
 * has left (its key changed meanwhile); it must be sealed again under the current key.
 */
export class StaleEpochError extends ContractRevertedError {
  override readonly name: string = "StaleEpochError";
  constructor(args: readonly unknown[], options: RevertOptions = {}) {
    super("ChannelStaleEpoch", args, {
      ...options,
      shortMessage: `Channel #${String(args[0])} is at key epoch ${String(args[1])}, not ${String(args[2])}.`,
    });
  }
}

/** `ChannelRekeyRequired(channelId)`: a member left the private channel, which needs a new key epoch first. */
export class RekeyRequiredError extends ContractRevertedError {
  override readonly name: string = "RekeyRequiredError";
  constructor(args: readonly unknown[], options: RevertOptions = {}) {
    super("ChannelRekeyRequired", args, {
      ...options,
      shortMessage: `A member left channel #${String(args[0])}: it needs a new key before anyone posts.`,
    });
  }
}

/** `SessionKeyUnauthorized(wallet, key)`: the session key may not post for the wallet. */
export class SessionKeyUnauthorizedError extends ContractRevertedError {
  override readonly name: string = "SessionKeyUnauthorizedError";
  constructor(args: readonly unknown[], options: RevertOptions = {}) {
    super("SessionKeyUnauthorized", args, {
      ...options,
      shortMessage: `Session key ${String(args[1])} is not authorised for ${String(args[0])}.`,
    });
  }
}

/** Contract errors with a dedicated class; every other custom error becomes a ContractRevertedError. */
export const revertErrorClasses: Record<
  string,
  new (args: readonly unknown[], options?: RevertOptions) => ContractRevertedError
> = {
  ChannelNotFound: ChannelNotFoundError,
  ChannelNotMember: NotMemberError,
  ChannelNotAdmin: NotAdminError,
  ChannelAlreadyMember: AlreadyMemberError,
  ChannelNotPublic: ChannelNotPublicError,
  ChannelDirectExists: DirectChannelExistsError,
  ChannelStaleEpoch: StaleEpochError,
  ChannelRekeyRequired: RekeyRequiredError,
  SessionKeyUnauthorized: SessionKeyUnauthorizedError,
};

/** No Cairn contracts are known on this chain. */
export class UnsupportedChainError extends CairnError {
  override readonly name: string = "UnsupportedChainError";
  readonly chainId: number;
  constructor(chainId: number, known: readonly number[]) {
    super(`Cairn is not deployed on chain ${chainId}.`, { details: `known chains: ${known.join(", ") || "none"}` });
    this.chainId = chainId;
  }
}

/** The passphrase does not decrypt the key backup the KeyDirectory stores for this wallet. */
export class WrongKeyPassphraseError extends CairnError {
  override readonly name: string = "WrongKeyPassphraseError";
  constructor(cause: unknown) {
    super("Wrong passphrase for the key backup stored in the KeyDirectory.", { cause });
  }
}

/**
 * A pointer chain of the registry (docs/PROTOCOL.md "Finding data from the registry address
 * alone") points forward or at a block without its link: the RPC's answers are inconsistent
 * (a reorg while walking, or a faulty node). Reading again from the head repairs the first.
 */
export class MalformedPointerChainError extends CairnError {
  override readonly name: string = "MalformedPointerChainError";
  readonly at: bigint;
  constructor(chain: string, at: bigint, reason: string) {
    super(`The ${chain} chain of the registry is inconsistent at ${at}: ${reason}.`);
    this.at = at;
  }
}
