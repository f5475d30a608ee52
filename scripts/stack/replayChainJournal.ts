/**
 * Replays a chain journal (chainJournal.ts) onto a fresh node started with the journal's
 * genesis date, checks that the result ends where the journal ends, then brings the chain's
 * clock to the wall clock so that new blocks carry real timestamps.
 *
 * - A block with one transaction: `evm_setNextBlockTimestamp`, `eth_sendRawTransaction`
 *   (automine mines it at once). Several transactions: automine off, send them, `evm_mine`.
 * - A run of empty blocks: one `hardhat_mine(count, gap)` per run of equal gaps, after
 *   `evm_setNextBlockTimestamp` for its first block. EDR mines such blocks lazily, so a
 *   million of them take milliseconds. Their hashes may differ from the recorded chain's
 *   (EDR gives `hardhat_mine`'s inner blocks a zero mixHash): numbers, timestamps,
 *   transactions, logs and state are the same.
 */
import { keccak256, toHex, type PublicClient } from "viem";
import { entryEndTimestamp, isEmptyRun, type ChainJournal, type JournalBlock, type JournalEmptyRun } from "./chainJournal.js";
import { GenesisMismatchError, ReplayDivergedError } from "./errors.js";
import { nodeRpc, type RawRequest } from "./nodeRpc.js";
import { syncChainClock } from "./syncChainClock.js";

export interface ReplayResult {
  /** Seconds the chain's clock is ahead of the wall clock after the replay (0 when it is not). */
  clockAheadSeconds: number;
}

export async function replayChainJournal(rpcUrl: string, journal: ChainJournal): Promise<ReplayResult> {
  const { client, raw } = nodeRpc(rpcUrl, { timeoutMs: 60_000 });
  const genesis = await client.getBlock({ blockNumber: 0n });
  if (genesis.hash !== journal.header.genesisHash) {
    throw new GenesisMismatchError(genesis.hash, journal.header.genesisHash);
  }
  const head = Number(await client.getBlockNumber({ cacheTime: 0 }));
  if (head !== 0) throw new ReplayDivergedError(head);
  // The node logs every call and transaction; replaying them again would only be noise (and slow).
  await raw("hardhat_setLoggingEnabled", [false]);
  for (const entry of journal.entries) {
    try {
      await (isEmptyRun(entry) ? replayEmptyRun(raw, entry) : replayBlock(raw, entry));
    } catch (error) {
      throw new ReplayDivergedError(entry.number, error);
    }
  }
  await raw("hardhat_setLoggingEnabled", [true]);
  await verifyReplay(client, journal);
  const offset = await syncChainClock(raw);
  return { clockAheadSeconds: Math.max(0, offset) };
}

async function replayBlock(raw: RawRequest, block: JournalBlock): Promise<void> {
  await raw("evm_setNextBlockTimestamp", [block.timestamp]);
  if (block.transactions.length === 1) {
    await raw("eth_sendRawTransaction", [block.transactions[0]]);
    return;
  }
  await raw("evm_setAutomine", [false]);
  try {
    for (const tx of block.transactions) await raw("eth_sendRawTransaction", [tx]);
    await raw("evm_mine");
  } finally {
    await raw("evm_setAutomine", [true]);
  }
}

async function replayEmptyRun(raw: RawRequest, run: JournalEmptyRun): Promise<void> {
  // hardhat_mine(n, interval) mines its first block at the next timestamp, then every `interval` s.
  const [first, ...rest] = run.gaps;
  await raw("evm_setNextBlockTimestamp", [run.timestamp]);
  await raw("hardhat_mine", [toHex(1 + (first?.[1] ?? 0)), toHex(first?.[0] ?? 0)]);
  let timestamp = run.timestamp + (first === undefined ? 0 : first[0] * first[1]);
  for (const [gap, repeat] of rest) {
    timestamp += gap;
    await raw("evm_setNextBlockTimestamp", [timestamp]);
    await raw("hardhat_mine", [toHex(repeat), toHex(gap)]);
    timestamp += gap * (repeat - 1);
  }
}

/** The replayed chain ends where the journal ends, with the same last block. */
async function verifyReplay(client: PublicClient, journal: ChainJournal): Promise<void> {
  const last = journal.entries.at(-1);
  if (last === undefined) return;
  const head = Number(await client.getBlockNumber({ cacheTime: 0 }));
  const mined = await client.getBlock({ blockNumber: BigInt(journal.lastBlock) }).catch(() => undefined);
  const expected = isEmptyRun(last) ? [] : last.transactions.map((tx) => keccak256(tx));
  const same =
    mined !== undefined &&
    Number(mined.timestamp) === entryEndTimestamp(last) &&
    mined.transactions.length === expected.length &&
    mined.transactions.every((hash, i) => hash === expected[i]);
  if (head !== journal.lastBlock || !same) throw new ReplayDivergedError(Math.min(head, journal.lastBlock));
}
