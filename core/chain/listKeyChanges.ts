import { hexToBytes, type Address, type PublicClient } from "viem";
import { readKeyPublished } from "./readKeyPublished.js";
import type { RetryOptions } from "./withRetry.js";

/** One account replacing a key it had published before (KeyPublished with a non-zero previous key). */
export type KeyChange = { account: Address; key: Uint8Array; previousKey: Uint8Array; blockNumber: bigint };

const ZERO_KEY = `0x${"0".repeat(64)}`;

/** Every key replacement by one of `accounts` in the KeyDirectory, in chain order (first publications excluded). */
export async function listKeyChanges(
  client: PublicClient,
  params: { keyDirectory: Address; fromBlock: bigint; accounts: readonly Address[]; maxRange?: bigint; retry?: RetryOptions },
): Promise<KeyChange[]> {
  if (params.accounts.length === 0) return [];
  const logs = await readKeyPublished(client, params);
  return logs
    .filter((log) => log.args.previousKey !== ZERO_KEY)
    .map((log) => ({
      account: log.args.account,
      key: hexToBytes(log.args.key),
      previousKey: hexToBytes(log.args.previousKey),
      blockNumber: log.blockNumber,
    }));
}
