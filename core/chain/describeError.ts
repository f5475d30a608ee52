import { CairnError } from "../errors.js";
import { causeChain } from "./causeChain.js";
import { classifyRpcError } from "./classifyRpcError.js";
import { isNoFunds, isRejection } from "./sendRefusals.js";

export type DescribeErrorOptions = {
  /** The RPC endpoint the client uses, named when it cannot be reached. */
  rpcUrl?: string;
};

/**
 * One line for a person, the same in the app and the CLI. A rejection in the wallet and missing
 * funds get a plain sentence wherever they sit in the cause chain; a typed Cairn error shows its
 * `shortMessage`; an untyped failure to reach the RPC node names the node; anything else shows
 * the first `shortMessage` (viem) in the chain, or the first line of its message.
 */
export function describeError(error: unknown, options: DescribeErrorOptions = {}): string {
  if (error === undefined || error === null) return "";
  const chain = causeChain(error);
  if (chain.some(isRejection)) return "Request rejected in your wallet.";
  if (chain.some(isNoFunds)) return "Not enough ETH in this account to pay for gas.";
  if (error instanceof CairnError) return error.shortMessage;
  const rpc = classifyRpcError(error);
  if (rpc === "unavailable") return options.rpcUrl ? `Cannot reach the Ethereum node at ${options.rpcUrl}.` : "Cannot reach the Ethereum node.";
  if (rpc === "rate-limited") return "The Ethereum node is rate limiting requests; retrying may help in a moment.";
  const short = chain.find((link) => typeof link.shortMessage === "string");
  if (short) return short.shortMessage as string;
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}
