import { toHex, type Hex, type PublicClient } from "viem";
import { blockTimesOf } from "./blockTimes.js";
import { BlockHeaderNotFoundError } from "./errors.js";
import { rpcRequest } from "./rpcRequest.js";
import type { RetryOptions } from "./withRetry.js";

/**
 * What log readers need of a block: its place in the chain, its time, and its logs bloom (2,048
 * bits; absent when the node does not send one), which tells which contracts may have logged in it.
 */
export type BlockHeader = { number: bigint; hash: Hex; parentHash: Hex; timestamp: bigint; logsBloom?: Hex };

/**
 * One block's header (`eth_getBlockByNumber` without transactions), with retries;
 * BlockHeaderNotFoundError past the head. Its timestamp joins the client's known block times.
 */
export async function readBlockHeader(client: PublicClient, block: bigint | "latest", retry?: RetryOptions): Promise<BlockHeader> {
  const tag = block === "latest" ? "latest" : toHex(block);
  const raw = await rpcRequest(client, { method: "eth_getBlockByNumber", params: [tag, false] }, retry);
  if (!raw || raw.hash === null || raw.number === null) throw new BlockHeaderNotFoundError(block);
  const header: BlockHeader = { number: BigInt(raw.number), hash: raw.hash, parentHash: raw.parentHash, timestamp: BigInt(raw.timestamp) };
  if (raw.logsBloom) header.logsBloom = raw.logsBloom;
  blockTimesOf(client).set(header.number, header.timestamp);
  return header;
}
