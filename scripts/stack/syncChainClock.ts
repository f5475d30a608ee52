/**
 * Brings the node's clock back to the wall clock after blocks were mined with explicit
 * timestamps (a journal replay, a `hardhat_mine` history): EDR keeps the clock at the last
 * explicit timestamp plus the time since, so new blocks would otherwise carry old times.
 *
 * `evm_increaseTime(0)` returns the node's offset from the wall clock (seconds); a negative
 * one is added back. A positive one (blocks recorded ahead of the wall clock) cannot be undone,
 * since time never runs backwards on a chain: the offset is returned so the caller can say so.
 */
import type { RawRequest } from "./nodeRpc.js";

export async function syncChainClock(raw: RawRequest): Promise<number> {
  const offset = Number(await raw("evm_increaseTime", [0]));
  if (offset < 0) await raw("evm_increaseTime", [-offset]);
  return offset;
}
