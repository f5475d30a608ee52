import { causeChain, errorText } from "./causeChain.js";
import { classifyRpcError } from "./classifyRpcError.js";

/**
 * What a failed broadcast (eth_sendRawTransaction / eth_sendTransaction) says about the transaction:
 * - `known`: the node already holds this very transaction (an earlier attempt reached it);
 * - `nonce-too-low`: a mined transaction of the account already used the nonce;
 * - `nonce-taken`: another pending transaction of the account holds the nonce (replacement underpriced);
 * - `ambiguous`: no answer (timeout, dropped or truncated reply, outage, rate limit): it may have gone out.
 */
export type SendFailureKind = "known" | "nonce-too-low" | "nonce-taken" | "ambiguous";

/** geth/erigon "already known", Hardhat/EDR "Known transaction: 0x…", anvil/parity "transaction already imported". */
const KNOWN = /\b(already known|known transaction|already imported)\b|AlreadyKnown/i;
/** geth/EDR "nonce too low", Nethermind "OldNonce". */
const NONCE_TOO_LOW = /nonce too low|OldNonce|nonce has already been used/i;
/** geth/EDR "replacement transaction underpriced", Nethermind "ReplacementNotAllowed". */
const NONCE_TAKEN = /replacement (transaction )?underpriced|ReplacementNotAllowed|replacement fee too low/i;

/** Classifies a broadcast failure by the node's words anywhere in the cause chain; undefined for a definitive refusal (revert, funds, rejection…). */
export function classifySendError(error: unknown): SendFailureKind | undefined {
  const texts = causeChain(error).map(errorText);
  if (texts.some((text) => KNOWN.test(text))) return "known";
  if (texts.some((text) => NONCE_TOO_LOW.test(text))) return "nonce-too-low";
  if (texts.some((text) => NONCE_TAKEN.test(text))) return "nonce-taken";
  const rpc = classifyRpcError(error);
  return rpc === "unavailable" || rpc === "rate-limited" ? "ambiguous" : undefined;
}
