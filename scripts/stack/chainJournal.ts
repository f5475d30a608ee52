/**
 * Persistence for the in-memory Hardhat chain: a block journal.
 *
 * EDR (Hardhat 3's node) has no state dump/load RPC (no `hardhat_dumpState`, no
 * `anvil_dumpState`) and no `eth_getRawTransactionByHash`. So while the stack runs, a
 * recorder polls the node and appends every block to a JSON-lines file: its number, its
 * timestamp and the raw signed transactions, rebuilt from the RPC fields with viem's
 * `serializeTransaction` and checked against the transaction hash. On the next start the
 * node is launched with the recorded genesis date and the journal is replayed block by
 * block (`evm_setNextBlockTimestamp`, `eth_sendRawTransaction`, `evm_mine` with automine
 * off). The same signed transactions on the same genesis give the same contract addresses,
 * channel ids, block numbers, timestamps and event logs.
 *
 * File format (`journal.jsonl`): line 1 is a {@link JournalHeader}, every further line a
 * {@link JournalBlock}, in block order. Lines are appended as blocks appear, so a crash
 * loses at most the last poll interval.
 */
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import {
  createPublicClient,
  http,
  keccak256,
  serializeTransaction,
  type Hex,
  type PublicClient,
  type Transaction,
} from "viem";
import {
  GenesisMismatchError,
  JournalGapError,
  JournalVersionError,
  RawTransactionMismatchError,
  ReplayDivergedError,
} from "./errors.js";

export const JOURNAL_VERSION = 1;

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

export interface ChainJournal {
  header: JournalHeader;
  blocks: JournalBlock[];
}

/** Raw request on a node, for the Hardhat/EDR methods viem has no typed action for. */
type RawRequest = (method: string, params?: unknown[]) => Promise<unknown>;

function rpcClient(rpcUrl: string): { client: PublicClient; raw: RawRequest } {
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) });
  const raw: RawRequest = (method, params = []) =>
    client.request({ method, params } as unknown as Parameters<PublicClient["request"]>[0]) as Promise<unknown>;
  return { client, raw };
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
  if (header.version !== JOURNAL_VERSION) {
    throw new JournalVersionError(file, header.version, JOURNAL_VERSION);
  }
  const blocks: JournalBlock[] = [];
  for (const line of lines.slice(1)) {
    try {
      blocks.push(JSON.parse(line) as JournalBlock);
    } catch {
      // A torn last line (the process died mid-append) ends the journal.
      break;
    }
  }
  blocks.forEach((block, index) => {
    if (block.number !== index + 1) {
      throw new JournalGapError(file, index + 1, block.number);
    }
  });
  return { header, blocks };
}

export interface ChainRecorder {
  /** Records every block mined since the last call. */
  flush(): Promise<void>;
  /** Stops polling after a final flush. */
  stop(): Promise<void>;
}

/**
 * Records the node's blocks into `file`, starting after `fromBlock` (the last block already
 * in the journal, or 0 for a fresh chain, which writes the header first).
 */
export async function startChainRecorder(options: {
  rpcUrl: string;
  file: string;
  fromBlock: number;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}): Promise<ChainRecorder> {
  const { client } = rpcClient(options.rpcUrl);
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
  let recorded = options.fromBlock;
  let running: Promise<void> = Promise.resolve();

  const recordNewBlocks = async (): Promise<void> => {
    const head = Number(await client.getBlockNumber({ cacheTime: 0 }));
    let lines = "";
    for (let n = recorded + 1; n <= head; n++) {
      const block = await client.getBlock({ blockNumber: BigInt(n), includeTransactions: true });
      const entry: JournalBlock = {
        number: n,
        timestamp: Number(block.timestamp),
        transactions: block.transactions.map(rawTransaction),
      };
      lines += `${JSON.stringify(entry)}\n`;
    }
    if (lines !== "") await appendFile(options.file, lines);
    recorded = head;
  };
  // Serialise polls so two never record the same block.
  const flush = (): Promise<void> => (running = running.then(recordNewBlocks));

  const timer = setInterval(() => {
    flush().catch((error: unknown) => options.onError?.(error));
  }, options.intervalMs ?? 500);
  await flush();
  return {
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}

/**
 * Replays a journal onto a fresh node started with the journal's genesis date, then lets the
 * chain's clock catch up with the wall clock so new blocks carry real timestamps.
 */
export async function replayChainJournal(rpcUrl: string, journal: ChainJournal): Promise<void> {
  const { client, raw } = rpcClient(rpcUrl);
  const genesis = await client.getBlock({ blockNumber: 0n });
  if (genesis.hash !== journal.header.genesisHash) {
    throw new GenesisMismatchError(genesis.hash, journal.header.genesisHash);
  }
  const head = Number(await client.getBlockNumber({ cacheTime: 0 }));
  if (head !== 0) throw new ReplayDivergedError(head);
  // The node logs every call and transaction; replaying them again would only be noise (and slow).
  await raw("hardhat_setLoggingEnabled", [false]);
  for (const block of journal.blocks) await replayBlock(raw, block);
  await raw("hardhat_setLoggingEnabled", [true]);
  await verifyReplay(client, journal);
  const last = journal.blocks.at(-1)?.timestamp ?? journal.header.genesisTimestamp;
  const lag = Math.floor(Date.now() / 1000) - last;
  if (lag > 0) await raw("evm_increaseTime", [lag]);
}

/**
 * One recorded block. With automine on (the node's default), one transaction mines its own
 * block, so the common case costs two calls; empty and multi-transaction blocks are mined
 * explicitly with automine off.
 */
async function replayBlock(raw: RawRequest, block: JournalBlock): Promise<void> {
  try {
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
  } catch (error) {
    throw new ReplayDivergedError(block.number, error);
  }
}

/** The replayed chain ends where the journal ends, with the same last block. */
async function verifyReplay(client: PublicClient, journal: ChainJournal): Promise<void> {
  const last = journal.blocks.at(-1);
  if (last === undefined) return;
  const head = Number(await client.getBlockNumber({ cacheTime: 0 }));
  const mined = await client.getBlock({ blockNumber: BigInt(last.number) }).catch(() => undefined);
  const expected = last.transactions.map((tx) => keccak256(tx));
  const same =
    mined !== undefined &&
    Number(mined.timestamp) === last.timestamp &&
    mined.transactions.length === expected.length &&
    mined.transactions.every((hash, i) => hash === expected[i]);
  if (head !== last.number || !same) throw new ReplayDivergedError(Math.min(head, last.number));
}
