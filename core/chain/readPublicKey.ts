import { hexToBytes, type Address, type PublicClient } from "viem";
import { keyDirectoryAbi } from "../contracts/generated.js";
import { assertUsablePublicKey, InvalidPublicKeyError } from "../crypto/index.js";
import { readView } from "./readView.js";
import type { RetryOptions } from "./withRetry.js";

const ZERO_KEY = `0x${"0".repeat(64)}`;

/**
 * The X25519 public key `account` published in the KeyDirectory, or null if it never did.
 * A key nobody may seal to (a point of small order, which the KeyDirectory refuses) throws
 * InvalidPublicKeyError; `.catch(noUsableKey)` reads it as "no key".
 */
export async function readPublicKey(
  client: PublicClient,
  params: { keyDirectory: Address; account: Address; retry?: RetryOptions },
): Promise<Uint8Array | null> {
  const key = await readView(client, { address: params.keyDirectory, abi: keyDirectoryAbi, functionName: "keyOf", args: [params.account] }, params.retry);
  if (key === ZERO_KEY) return null;
  const publicKey = hexToBytes(key);
  assertUsablePublicKey(publicKey);
  return publicKey;
}

/** For `readPublicKey(…).catch(noUsableKey)`: an unusable published key counts as none; other errors pass. */
export function noUsableKey(error: unknown): null {
  if (error instanceof InvalidPublicKeyError) return null;
  throw error;
}
