import { getAbiItem, hexToBytes, type Address, type PublicClient } from "viem";
import { keyDirectoryAbi } from "../contracts/generated.js";
import { headBlock } from "./headBlock.js";
import { fetchAllForward } from "./logPaging.js";
import { withRetry, type RetryOptions } from "./withRetry.js";

export type PublishedKey = { account: Address; publicKey: Uint8Array; blockNumber: bigint };

const keyPublished = getAbiItem({ abi: keyDirectoryAbi, name: "KeyPublished" });

/** The directory: every account's latest published X25519 key, in order of first publication. */
export async function listPublishedKeys(
  client: PublicClient,
  params: { keyDirectory: Address; fromBlock: bigint; maxRange?: bigint; retry?: RetryOptions },
): Promise<PublishedKey[]> {
  const { keyDirectory, fromBlock, maxRange, retry } = params;
  const logs = await fetchAllForward(
    (range) => withRetry(() => client.getLogs({ address: keyDirectory, event: keyPublished, strict: true, ...range }), retry),
    { fromBlock, toBlock: await headBlock(client, retry) },
    maxRange,
  );
  const latest = new Map<string, PublishedKey>();
  for (const log of logs) {
    latest.set(log.args.account.toLowerCase(), { account: log.args.account, publicKey: hexToBytes(log.args.key), blockNumber: log.blockNumber });
  }
  return [...latest.values()];
}
