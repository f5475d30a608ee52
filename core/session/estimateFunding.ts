import { InvalidSessionParamsError } from "./errors.js";

/**
 * Gas one post through a session key costs at most: postAs with a 64-byte wrapped CID measures
 * ≈ 30.4k (scripts/bench-gas.ts); batches cost far less per message, so this bounds both.
 */
export const SESSION_POST_GAS = 31_000n;

/** Default lifetime of a session key (the contract allows up to 30 days). */
export const DEFAULT_SESSION_SECONDS = 24n * 3600n;
export const MAX_SESSION_SECONDS = 30n * 24n * 3600n;

export type FundingParams = {
  /** Wei per gas the key will pay (e.g. maxFeePerGas from estimateFeesPerGas). */
  gasPrice: bigint;
  /** How many messages the key should be able to post. */
  messages: number;
  gasPerMessage?: bigint;
};

/** The value to send to a session key so it can post `messages` messages at `gasPrice`. */
export function estimateFunding({ gasPrice, messages, gasPerMessage = SESSION_POST_GAS }: FundingParams): bigint {
  if (!Number.isSafeInteger(messages) || messages < 1) throw new InvalidSessionParamsError(`Expected messages must be a whole number ≥ 1 (got ${messages}).`);
  if (gasPrice <= 0n || gasPerMessage <= 0n) throw new InvalidSessionParamsError("Gas price and gas per message must be positive.");
  return gasPrice * gasPerMessage * BigInt(messages);
}

/** How many more single posts a key with `balance` wei can pay for at `gasPrice`. */
export function messagesLeft(balance: bigint, gasPrice: bigint, gasPerMessage: bigint = SESSION_POST_GAS): number {
  if (gasPrice <= 0n || gasPerMessage <= 0n) throw new InvalidSessionParamsError("Gas price and gas per message must be positive.");
  return Number(balance / (gasPrice * gasPerMessage));
}

/** The expiry (unix seconds) `seconds` after `now`, checked against the contract's bound. */
export function sessionExpiry(nowSeconds: bigint, seconds: bigint = DEFAULT_SESSION_SECONDS): bigint {
  if (seconds <= 0n || seconds > MAX_SESSION_SECONDS) {
    throw new InvalidSessionParamsError(`A session lasts between 1 second and 30 days (got ${seconds} s).`);
  }
  return nowSeconds + seconds;
}
