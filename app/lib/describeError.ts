import { BaseError, HttpRequestError, InsufficientFundsError, UserRejectedRequestError } from "viem";
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

function isRejection(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return error instanceof UserRejectedRequestError || code === 4001 || code === "ACTION_REJECTED";
}

/**
 * One line for a person: the wallet's rejection, missing funds and an unreachable RPC
 * get a plain sentence; any other Cairn or viem error shows its `shortMessage`.
 */
export function describeError(error: unknown): string {
  const chain = causes(error);
  if (chain.some(isRejection)) return "Request rejected in your wallet.";
  if (chain.some((e) => e instanceof InsufficientFundsError))
    return "Not enough ETH in this account to pay for gas.";
  if (chain.some((e) => e instanceof HttpRequestError))
    return `Cannot reach the Ethereum node at ${appConfig.rpcUrl}.`;
  const first = chain.find((e) => typeof (e as { shortMessage?: unknown }).shortMessage === "string");
  if (first) return (first as { shortMessage: string }).shortMessage;
  if (error instanceof BaseError || error instanceof Error) return error.message.split("\n")[0];
  return String(error);
}
