import { hexToBytes, type Address, type PublicClient } from "viem";
import { keyDirectoryAbi } from "../contracts/generated.js";
import { assertUsablePublicKey } from "../crypto/index.js";
import { readViews } from "./readViews.js";
import type { RetryOptions } from "./withRetry.js";

/**
 * An account's entry in the KeyDirectory (`keyRecordOf`): its current key (null when it has none,
 * or none anyone may seal to), the block that key was published in, and how many keys it has
 * published (more than one: it replaced a key, and its safety number changed then).
 */
export type KeyRecord = { account: Address; key: Uint8Array | null; publishedBlock: bigint; keyCount: number };

/** The latest replacement of a published key: by `account`, in block `blockNumber`. */
export type KeyChange = { account: Address; blockNumber: bigint };

const ZERO_KEY = `0x${"0".repeat(64)}`;

/** A published key as bytes, or null when it is none or one nobody may seal to (PROTOCOL.md §3.3). */
export function usablePublicKey(key: `0x${string}`): Uint8Array | null {
  if (key === ZERO_KEY) return null;
  const bytes = hexToBytes(key);
  try {
    assertUsablePublicKey(bytes);
    return bytes;
  } catch {
    return null;
  }
}

/** The key records of `accounts` in one `eth_call` (readViews), in the same order. */
export async function readKeyRecords(
  client: PublicClient,
  params: { keyDirectory: Address; accounts: readonly Address[]; blockNumber?: bigint; retry?: RetryOptions },
): Promise<KeyRecord[]> {
  const { keyDirectory, accounts } = params;
  const results = await readViews<readonly [`0x${string}`, bigint, number]>(
    client,
    accounts.map((account) => ({ address: keyDirectory, abi: keyDirectoryAbi, functionName: "keyRecordOf", args: [account] })),
    params,
  );
  return results.map((result, index) => {
    if (result instanceof Error) throw result;
    const [key, publishedBlock, keyCount] = result;
    return { account: accounts[index], key: usablePublicKey(key), publishedBlock, keyCount: Number(keyCount) };
  });
}

/** The key changes the records show: the latest replacement of each account that replaced its key. */
export function keyChangesOf(records: Iterable<KeyRecord>): KeyChange[] {
  return [...records].filter((record) => record.keyCount > 1).map((record) => ({ account: record.account, blockNumber: record.publishedBlock }));
}
