/**
 * Records a running node's blocks into the chain journal (format in chainJournal.ts).
 *
 * - Block headers are read in JSON-RPC batches; only blocks with transactions are fetched
 *   whole. Consecutive empty blocks extend the journal's last line (an empty run), which is
 *   rewritten in place, so a long idle chain or a `hardhat_mine` history stays one line.
 * - Every request has a bound: a stalled node makes a flush fail instead of hang, and a
 *   failed flush does not affect later ones (each flush starts from what is on disk).
 *   Flushes run one at a time; calls made while one runs share the next one.
 * - Progress is written after every batch, so a long catch-up that fails keeps what it read.
 */
import { open, mkdir, writeFile, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { toHex, type Hex } from "viem";
import {
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

/** Headers per JSON-RPC batch (one HTTP request). */
const HEADER_BATCH = 500;

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
  number: Hex;
  timestamp: Hex;
  transactions: Hex[];
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

  const recordRange = async (from: number, to: number): Promise<void> => {
    const numbers = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const headers = (await Promise.all(
      numbers.map((n) => raw("eth_getBlockByNumber", [toHex(n), false])),
    )) as (RpcHeader | null)[];
    // The open run is rewritten with the new blocks; a copy, so that a failed write leaves it as it is.
    const entries: JournalEntry[] = openRun === undefined ? [] : [structuredClone(openRun.run)];
    for (const [i, header] of headers.entries()) {
      const number = numbers[i]!;
      if (header === null) throw new Error(`the node has no block ${number} (its head is past it)`);
      const timestamp = Number(header.timestamp);
      const last = entries.at(-1);
      if (header.transactions.length === 0) {
        if (last !== undefined && isEmptyRun(last)) extendEmptyRun(last, timestamp);
        else entries.push(newEmptyRun(number, timestamp));
        continue;
      }
      const block = await client.getBlock({ blockNumber: BigInt(number), includeTransactions: true });
      entries.push({ number, timestamp, transactions: block.transactions.map(rawTransaction) });
    }
    await commit(entries);
    recorded = to;
  };

  const recordNewBlocks = async (): Promise<void> => {
    try {
      const head = Number(await client.getBlockNumber({ cacheTime: 0 }));
      while (recorded < head) await recordRange(recorded + 1, Math.min(head, recorded + HEADER_BATCH));
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
