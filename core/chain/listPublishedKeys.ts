import { hexToBytes, type Address, type PublicClient } from "viem";
import { readKeyPublished } from "./readKeyPublished.js";
import type { RetryOptions } from "./withRetry.js";

export type PublishedKey = { account: Address; publicKey: Uint8Array; blockNumber: bigint };

/** The directory: every account's latest published X25519 key, in order of first publication. */
export async function listPublishedKeys(
  client: PublicClient,
  params: { keyDirectory: Address; fromBlock: bigint; maxRange?: bigint; retry?: RetryOptions },
): Promise<PublishedKey[]> {
  const latest = new Map<string, PublishedKey>();
  for (const log of await readKeyPublished(client, params)) {
    latest.set(log.args.account.toLowerCase(), { account: log.args.account, publicKey: hexToBytes(log.args.key), blockNumber: log.blockNumber });
  }
  return [...latest.values()];
}
