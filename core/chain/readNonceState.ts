import type { PublicClient } from "viem";
import type { SentTx } from "./types.js";
import { withRetry, type RetryOptions } from "./withRetry.js";

/**
 * Where an account's nonce stands: `mined` (a mined transaction used it, so no other
 * transaction with it can ever be mined), `pending` (the node holds a pending transaction with
 * it) or `free` (nothing the node knows of uses it: a transaction sent with it now takes it).
 */
export type NonceState = "mined" | "pending" | "free";

/** The state of `sent.nonce` for `sent.from`, from the account's latest and pending transaction counts. */
export async function readNonceState(client: PublicClient, sent: Pick<SentTx, "from" | "nonce">, retry?: RetryOptions): Promise<NonceState> {
  const count = (blockTag: "latest" | "pending") => withRetry(() => client.getTransactionCount({ address: sent.from, blockTag }), retry);
  const [latest, pending] = await Promise.all([count("latest"), count("pending")]);
  if (latest > sent.nonce) return "mined";
  return pending > sent.nonce ? "pending" : "free";
}
