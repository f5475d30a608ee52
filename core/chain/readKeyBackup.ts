import { hexToBytes, type Address, type PublicClient } from "viem";
import { keyDirectoryAbi } from "../contracts/generated.js";
import { readView } from "./readView.js";
import type { RetryOptions } from "./withRetry.js";

/**
 * The passphrase backup `account` stored in the KeyDirectory with its current key
 * (publishKeyWithBackup), or null if there is none. Still encrypted: restore it with
 * restoreIdentityKey, passing the published key so a mismatch is detected.
 */
export async function readKeyBackup(
  client: PublicClient,
  params: { keyDirectory: Address; account: Address; retry?: RetryOptions },
): Promise<Uint8Array | null> {
  const backup = await readView(client, { address: params.keyDirectory, abi: keyDirectoryAbi, functionName: "keyBackupOf", args: [params.account] }, params.retry);
  return backup === "0x" ? null : hexToBytes(backup);
}
