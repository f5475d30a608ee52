import { BaseError, InsufficientFundsError, UserRejectedRequestError } from "viem";
import { classifyRpcError } from "../../core/chain/classifyRpcError";
import { CairnError } from "../../core/errors";
import { appConfig } from "./config";

/** Every error in the `cause` chain, outermost first. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 16; ) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Nodes word "no funds" differently; viem only recognises some of them. */
const NO_FUNDS = /insufficient funds|doesn'?t have enough funds|exceeds (the )?(transaction sender )?(account )?balance/i;

function isNoFunds(error: unknown): boolean {
  return error instanceof InsufficientFundsError || (error instanceof Error && NO_FUNDS.test(error.message));
}

function isRejection(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return error instanceof UserRejectedRequestError || code === 4001 || code === "ACTION_REJECTED";
}

/**
 * One line for a person. A rejection in the wallet and missing funds get a plain sentence
 * wherever they sit in the cause chain; a typed Cairn error shows its `shortMessage`; an
 * untyped failure to reach the RPC node names the node; anything else shows the first
 * `shortMessage` (viem) or message.
 */
export function describeError(error: unknown): string {
  const chain = causes(error);
  if (chain.some(isRejection)) return "Request rejected in your wallet.";
  if (chain.some(isNoFunds)) return "Not enough ETH in this account to pay for gas.";
  if (error instanceof CairnError) return error.shortMessage;
  const rpc = classifyRpcError(error);
  if (rpc === "unavailable") return `Cannot reach the Ethereum node at ${appConfig.rpcUrl}.`;
  if (rpc === "rate-limited") return "The Ethereum node is rate limiting requests; retrying may help in a moment.";
  const first = chain.find((e) => typeof (e as { shortMessage?: unknown }).shortMessage === "string");
  if (first) return (first as { shortMessage: string }).shortMessage;
  if (error instanceof BaseError || error instanceof Error) return error.message.split("\n")[0];
  return String(error);
}
