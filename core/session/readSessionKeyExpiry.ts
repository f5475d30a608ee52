import type { Address, PublicClient } from "viem";
import { readView, type RetryOptions } from "../chain/index.js";
import { channelRegistryAbi } from "../contracts/generated.js";

/** The on-chain expiry (unix seconds) of `key` as a session key of `wallet`; 0n when it is not (or no longer) one. */
export function readSessionKeyExpiry(
  client: PublicClient,
  params: { registry: Address; wallet: Address; key: Address; retry?: RetryOptions },
): Promise<bigint> {
  const { registry, wallet, key, retry } = params;
  return readView(client, { address: registry, abi: channelRegistryAbi, functionName: "sessionKeyExpiry", args: [wallet, key] }, retry);
}

/** Whether a session key with on-chain `expiry` can no longer post at `nowSeconds` (default: the local clock). */
export const isSessionKeyExpired = (expiry: bigint, nowSeconds: number = Date.now() / 1000): boolean => BigInt(Math.floor(nowSeconds)) >= expiry;
