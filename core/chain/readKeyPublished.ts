import { encodeEventTopics, parseEventLogs, type Address, type Hex, type PublicClient } from "viem";
import { keyDirectoryAbi } from "../contracts/generated.js";
import { rangeLimitOf } from "./createRangeLimit.js";
import { headBlock } from "./headBlock.js";
import { logFetcher } from "./logFetcher.js";
import { fetchAllForward } from "./logPaging.js";
import type { RetryOptions } from "./withRetry.js";

/**
 * The KeyDirectory's `KeyPublished` logs from `fromBlock` to the head, of `accounts` only when
 * given, in chain order, widest range first.
 */
export async function readKeyPublished(
  client: PublicClient,
  params: { keyDirectory: Address; fromBlock: bigint; accounts?: readonly Address[]; maxRange?: bigint; retry?: RetryOptions },
) {
  const { keyDirectory, fromBlock, accounts, maxRange, retry } = params;
  const topics = encodeEventTopics({ abi: keyDirectoryAbi, eventName: "KeyPublished", args: accounts ? { account: [...accounts] } : {} }) as Hex[];
  const fetch = logFetcher(client, { address: keyDirectory, topics }, retry);
  const logs = await fetchAllForward(fetch, { fromBlock, toBlock: await headBlock(client, retry) }, { limit: rangeLimitOf(client), maxRange });
  return parseEventLogs({ abi: keyDirectoryAbi, eventName: "KeyPublished", logs, strict: true });
}
