/**
 * Persistence for the in-memory Hardhat chain: a block journal.
 *
 * EDR (Hardhat 3's node) has no state dump/load RPC (no `hardhat_dumpState`, no
 * `anvil_dumpState`) and no `eth_getRawTransactionByHash`. So while the stack runs, a
 * recorder (chainRecorder.ts) polls the node and appends its blocks to a JSON-lines file;
 * on the next start the node is launched with the recorded genesis date and the journal is
 * replayed (replayChainJournal.ts). The same signed transactions on the same genesis give the
 * same contract addresses, channel ids, block numbers, timestamps and event logs.
 *
 * File format (`journal.jsonl`): line 1 is a {@link JournalHeader}, every further line a
 * {@link JournalEntry}, in block order:
 *
 * - a block with transactions: number, timestamp and the raw signed transactions, rebuilt
 *   from the RPC fields with viem's `serializeTransaction` and checked against the hash;
 * - a run of empty blocks, as ONE line: first number, count, first timestamp and the gaps
 *   between consecutive timestamps, run-length encoded (`[[12, 999999]]` is 999,999 gaps of
 *   12 s). A history made with `hardhat_mine` is one short line, and is replayed with
 *   `hardhat_mine` again.
 *
 * Version 1 journals (one line per block, empty ones included) read as they are.
 */
import { readFile } from "node:fs/promises";
import { keccak256, serializeTransaction, type Hex, type Transaction } from "viem";
import { JournalGapError, JournalVersionError, RawTransactionMismatchError } from "./errors.js";

export const JOURNAL_VERSION = 2;
const READABLE_VERSIONS = new Set([1, JOURNAL_VERSION]);

export interface JournalHeader {
  version: number;
  chainId: number;
  /** Unix seconds of block 0; the node must be restarted with this genesis date. */
  genesisTimestamp: number;
  genesisHash: Hex;
}

export interface JournalBlock {
  number: number;
  timestamp: number;
  transactions: Hex[];
}

/** `count` empty blocks from `number` on; block `number` has `timestamp`. */
export interface JournalEmptyRun {
  number: number;
  count: number;
  timestamp: number;
  /** [gap in seconds, how many consecutive blocks have that gap to their parent] */
  gaps: [number, number][];
}

export type JournalEntry = JournalBlock | JournalEmptyRun;

export interface ChainJournal {
  header: JournalHeader;
  entries: JournalEntry[];
  /** The number of the journal's last block (0: nothing after genesis). */
  lastBlock: number;
}

export function isEmptyRun(entry: JournalEntry): entry is JournalEmptyRun {
  return "count" in entry;
}

export function entryBlockCount(entry: JournalEntry): number {
  return isEmptyRun(entry) ? entry.count : 1;
}

/** The timestamp of a run's last block. */
export function runEndTimestamp(run: JournalEmptyRun): number {
  return run.gaps.reduce((t, [gap, repeat]) => t + gap * repeat, run.timestamp);
}

/** The timestamp of the entry's last block. */
export function entryEndTimestamp(entry: JournalEntry): number {
  return isEmptyRun(entry) ? runEndTimestamp(entry) : entry.timestamp;
}

/** A run of one empty block. */
export function newEmptyRun(number: number, timestamp: number): JournalEmptyRun {
  return { number, count: 1, timestamp, gaps: [] };
}

/** Appends `repeat` empty blocks, each `gap` seconds after its parent, to a run, in place. */
export function appendEmptyBlocks(run: JournalEmptyRun, gap: number, repeat: number): void {
  if (repeat === 0) return;
  const last = run.gaps.at(-1);
  if (last !== undefined && last[0] === gap) last[1] += repeat;
  else run.gaps.push([gap, repeat]);
  run.count += repeat;
}

/** Appends the next empty block (at `timestamp`) to a run, in place. */
export function extendEmptyRun(run: JournalEmptyRun, timestamp: number): void {
  appendEmptyBlocks(run, timestamp - runEndTimestamp(run), 1);
}

/** The raw signed bytes of a mined transaction, verified against its hash. */
export function rawTransaction(tx: Transaction): Hex {
  // RPC transactions carry their calldata as `input`; the serializer reads `data`.
  const unsigned = { ...tx, data: tx.input } as Parameters<typeof serializeTransaction>[0];
  const raw = serializeTransaction(unsigned, {
    r: tx.r,
    s: tx.s,
    v: tx.v,
    yParity: tx.yParity,
  });
  if (keccak256(raw) !== tx.hash) {
    throw new RawTransactionMismatchError(tx.hash, tx.type);
  }
  return raw;
}

/** Reads a journal; `undefined` when the file does not exist. */
export async function readChainJournal(file: string): Promise<ChainJournal | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  if (lines.length === 0) return undefined;
  const header = JSON.parse(lines[0]!) as JournalHeader;
  if (!READABLE_VERSIONS.has(header.version)) {
    throw new JournalVersionError(file, header.version, JOURNAL_VERSION);
  }
  const entries: JournalEntry[] = [];
  let lastBlock = 0;
  for (const line of lines.slice(1)) {
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      // A torn last line (the process died mid-append) ends the journal.
      break;
    }
    if (entry.number !== lastBlock + 1) throw new JournalGapError(file, lastBlock + 1, entry.number);
    entries.push(entry);
    lastBlock += entryBlockCount(entry);
  }
  return { header, entries, lastBlock };
}
