/**
 * Records a running node's blocks into the chain journal (format in chainJournal.ts).
 *
 * - Block headers are read in JSON-RPC batches; only blocks with transactions are fetched
 *   whole. Consecutive empty blocks extend the journal's last line (an empty run), which is
 *   rewritten in place, so a long idle chain or a `hardhat_mine` history stays one line.
 * - A long span of new blocks is not read block by block when its state root did not change
 *   (no transaction) and its timestamps follow one step at its first block and 32 samples:
 *   a `hardhat_mine` history of a million blocks is recorded in a few requests. A span whose
 *   inner timestamps break the step only between the samples would be recorded with the
 *   step's timestamps (empty blocks only: state, transactions and logs are unaffected).
 * - Every request has a bound: a stalled node makes a flush fail instead of hang, and a
 *   failed flush does not affect later ones (each flush starts from what is on disk).
 *   Flushes run one at a time; calls made while one runs share the next one.
 * - Progress is written after every batch, so a long catch-up that fails keeps what it read.
 */
import { open, mkdir, writeFile, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { toHex, type Hex } from "viem";
import {
  appendEmptyBlocks,
  extendEmptyRun,
  isEmptyRun,
  JOURNAL_VERSION,
  newEmptyRun,
  rawTransaction,
  type JournalEmptyRun,
  type JournalEntry,
  type JournalHeader,
} from "./chainJournal.js";
import { ChainJournalBehindError } from "./errors.js";
import { nodeRpc } from "./nodeRpc.js";

/** Headers per JSON-RPC batch (one HTTP request); also the longest span read block by block. */
const HEADER_BATCH = 500;
/** Timestamps checked inside a long span of empty blocks before it is taken as one run. */
const RUN_SAMPLES = 32;

export interface RecorderStatus {
  /** The last block in the journal. */
  recordedBlock: number;
  /** Set while flushes fail: when the first of them failed, and why the last one did. */
  failingSince?: number;
  lastError?: unknown;
}

export interface ChainRecorder {
  /** Records every block mined since the last successful flush. */
  flush(): Promise<void>;
  /** Stops polling after a final flush; rejects with {@link ChainJournalBehindError} if that fails. */
  stop(): Promise<void>;
  status(): RecorderStatus;
}

export interface RecorderOptions {
  rpcUrl: string;
  file: string;
  /** The last block already in the journal, or 0 for a fresh chain (the header is written first). */
  fromBlock: number;
  intervalMs?: number;
  /** Bound of each RPC request (default 10 s). */
  requestTimeoutMs?: number;
  /** A flush failed: the journal is behind the chain until a later one succeeds. */
  onError?: (error: ChainJournalBehindError) => void;
  /** A flush succeeded after failures. */
  onRecovered?: (recordedBlock: number) => void;
}

interface RpcHeader {
  timestamp: Hex;
  stateRoot: Hex;
  transactions: Hex[];
}

interface Header {
  number: number;
  timestamp: number;
  stateRoot: Hex;
  transactions: number;
}

export async function startChainRecorder(options: RecorderOptions): Promise<ChainRecorder> {
  const { client, raw } = nodeRpc(options.rpcUrl, { timeoutMs: options.requestTimeoutMs, batchSize: HEADER_BATCH });
  await mkdir(dirname(options.file), { recursive: true });
  if (options.fromBlock === 0) {
    const genesis = await client.getBlock({ blockNumber: 0n });
    const header: JournalHeader = {
      version: JOURNAL_VERSION,
      chainId: await client.getChainId(),
      genesisTimestamp: Number(genesis.timestamp),
      genesisHash: genesis.hash,
    };
    await writeFile(options.file, `${JSON.stringify(header)}\n`);
  }
  const file: FileHandle = await open(options.file, "r+");
  let size = (await file.stat()).size;
  let recorded = options.fromBlock;
  /** The journal's last line while it is an empty run that new empty blocks extend. */
  let openRun: { run: JournalEmptyRun; offset: number } | undefined;
  /** The header of block `recorded`. */
  let lastHeader: Header | undefined;
  let failingSince: number | undefined;
  let lastError: unknown;

  /** Writes `entries` from the open run's line on (or at the end), replacing that line. */
  const commit = async (entries: JournalEntry[]): Promise<void> => {
    const lines = entries.map((entry) => `${JSON.stringify(entry)}\n`);
    const bytes = Buffer.from(lines.join(""));
    const start = openRun?.offset ?? size;
    await file.write(bytes, 0, bytes.length, start);
    await file.truncate(start + bytes.length);
    size = start + bytes.length;
    const last = entries.at(-1);
    openRun =
      last !== undefined && isEmptyRun(last)
        ? { run: last, offset: size - Buffer.byteLength(lines.at(-1)!) }
        : undefined;
  };

  const header = async (number: number): Promise<Header> => {
    const block = (await raw("eth_getBlockByNumber", [toHex(number), false])) as RpcHeader | null;
    // Our head is past it: the chain went back (evm_revert), which the journal cannot follow.
    if (block === null) throw new Error(`the node has no block ${number}`);
    return { number, timestamp: Number(block.timestamp), stateRoot: block.stateRoot, transactions: block.transactions.length };
  };
  const headers = (from: number, to: number): Promise<Header[]> =>
    Promise.all(Array.from({ length: to - from + 1 }, (_, i) => header(from + i)));

  /** Writes the next blocks (in order, after `recorded`): the open run is rewritten with them. */
  const record = async (add: (entries: JournalEntry[]) => Promise<void>, last: Header): Promise<void> => {
    // A copy of the open run, so that a failed write leaves it as it is.
    const entries: JournalEntry[] = openRun === undefined ? [] : [structuredClone(openRun.run)];
    await add(entries);
    await commit(entries);
    recorded = last.number;
    lastHeader = last;
  };

  /** Blocks read one by one: exact timestamps, whole blocks fetched for their transactions. */
  const recordEach = (blocks: Header[]) =>
    record(async (entries) => {
      for (const block of blocks) {
        const last = entries.at(-1);
        if (block.transactions === 0) {
          if (last !== undefined && isEmptyRun(last)) extendEmptyRun(last, block.timestamp);
          else entries.push(newEmptyRun(block.number, block.timestamp));
          continue;
        }
        const full = await client.getBlock({ blockNumber: BigInt(block.number), includeTransactions: true });
        entries.push({ number: block.number, timestamp: block.timestamp, transactions: full.transactions.map(rawTransaction) });
      }
    }, blocks.at(-1)!);

  /** `first..last` empty, `step` seconds apart. */
  const recordEmptyRange = (first: Header, last: Header, step: number) =>
    record(async (entries) => {
      const open = entries.at(-1);
      const run = open !== undefined && isEmptyRun(open) ? open : newEmptyRun(first.number, first.timestamp);
      if (run !== open) entries.push(run);
      else extendEmptyRun(run, first.timestamp);
      appendEmptyBlocks(run, step, last.number - first.number);
    }, last);

  /**
   * Records the blocks after `prev` up to `last`. Short spans are read block by block. A long
   * span whose state root did not change holds no transaction (each one raises its sender's
   * nonce); if its timestamps follow one step (checked at its first block and at samples) it is
   * one empty run, as `hardhat_mine` makes it. Any other long span is halved.
   */
  const recordSpan = async (prev: Header, last: Header): Promise<void> => {
    const count = last.number - prev.number;
    if (count <= 0) return;
    if (count <= HEADER_BATCH) {
      await recordEach([...(count > 1 ? await headers(prev.number + 1, last.number - 1) : []), last]);
      return;
    }
    if (prev.stateRoot === last.stateRoot) {
      const samples = Array.from({ length: RUN_SAMPLES }, (_, i) => prev.number + 1 + Math.floor(((i + 0.5) * (count - 1)) / RUN_SAMPLES));
      const [first, ...checks] = await Promise.all([prev.number + 1, ...samples].map(header));
      const span = last.number - first!.number;
      const step = (last.timestamp - first!.timestamp) / span;
      const fits = Number.isInteger(step) && checks.every((h) => h.timestamp === first!.timestamp + step * (h.number - first!.number));
      if (fits) {
        await recordEmptyRange(first!, last, step);
        return;
      }
    }
    const middle = await header(prev.number + Math.floor(count / 2));
    await recordSpan(prev, middle);
    await recordSpan(middle, last);
  };

  const recordNewBlocks = async (): Promise<void> => {
    try {
      const head = Number(await client.getBlockNumber({ cacheTime: 0 }));
      lastHeader ??= await header(recorded);
      if (head > recorded) await recordSpan(lastHeader, await header(head));
    } catch (error) {
      failingSince ??= Date.now();
      lastError = error;
      const behind = new ChainJournalBehindError(recorded, error);
      options.onError?.(behind);
      throw behind;
    }
    if (failingSince !== undefined) {
      failingSince = undefined;
      lastError = undefined;
      options.onRecovered?.(recorded);
    }
  };

  // One flush at a time. A flush that has not started yet covers later calls too; each one
  // starts after the previous one settled, whether it succeeded or not.
  let previous: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | undefined;
  const flush = (): Promise<void> => {
    if (waiting !== undefined) return waiting;
    const next = previous
      .catch(() => undefined)
      .then(() => {
        waiting = undefined;
        return recordNewBlocks();
      });
    waiting = next;
    previous = next;
    return next;
  };

  const timer = setInterval(() => {
    flush().catch(() => undefined); // reported through onError
  }, options.intervalMs ?? 500);
  try {
    await flush();
  } catch (error) {
    clearInterval(timer);
    await file.close();
    throw error;
  }
  return {
    flush,
    status: () => ({ recordedBlock: recorded, failingSince, lastError }),
    async stop() {
      clearInterval(timer);
      try {
        await flush();
      } finally {
        await file.close();
      }
    },
  };
}
