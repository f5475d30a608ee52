import { hexToBytes, type Address, type PublicClient } from "viem";
import { keyDirectoryAbi } from "../contracts/generated.js";
import { readView } from "./readView.js";
import type { RetryOptions } from "./withRetry.js";

const ZERO_KEY = `0x${"0".repeat(64)}`;

/** The X25519 public key `account` published in the KeyDirectory, or null if it never did. */
export async function readPublicKey(
  client: PublicClient,
  params: { keyDirectory: Address; account: Address; retry?: RetryOptions },
): Promise<Uint8Array | null> {
  const key = await readView(client, { address: params.keyDirectory, abi: keyDirectoryAbi, functionName: "keyOf", args: [params.account] }, params.retry);
  return key === ZERO_KEY ? null : hexToBytes(key);
}
