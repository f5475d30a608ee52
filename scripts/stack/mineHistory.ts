/**
 * Gives the chain a history of at least `blocks` blocks with `hardhat_mine` (EDR mines them
 * lazily: a million in milliseconds), as a testnet has before a contract is deployed.
 *
 * The blocks never run ahead of the wall clock: their spacing is `blockTimeSeconds`, or less
 * if the chain's head is too recent for that (on a new chain, start the node with a genesis
 * date `blocks × blockTimeSeconds` in the past; see startChain's `history`). Afterwards the
 * node's clock is back at the wall clock. Returns how many blocks were mined.
 */
import { toHex } from "viem";
import type { RawRequest } from "./nodeRpc.js";
import { syncChainClock } from "./syncChainClock.js";

export interface ChainHistory {
  blocks: number;
  blockTimeSeconds: number;
}

export async function mineHistory(raw: RawRequest, history: ChainHistory): Promise<number> {
  const head = (await raw("eth_getBlockByNumber", ["latest", false])) as { number: string; timestamp: string };
  const missing = history.blocks - Number(head.number);
  if (missing <= 0) return 0;
  const room = Math.floor(Date.now() / 1000) - Number(head.timestamp);
  const gap = Math.max(0, Math.min(history.blockTimeSeconds, Math.floor(room / missing)));
  await raw("hardhat_mine", [toHex(missing), toHex(gap)]);
  await syncChainClock(raw);
  return missing;
}
