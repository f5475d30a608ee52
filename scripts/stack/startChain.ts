/**
 * The local chain: a Hardhat 3 node (EDR) on 127.0.0.1, chain id 31337, made persistent by
 * the block journal in `<dataDir>/journal.jsonl` (see chainJournal.ts): an existing journal
 * is replayed before anything else talks to the node, and new blocks are recorded while it
 * runs.
 *
 * Stopping first stops the chain from mining (automine and interval mining off: transactions
 * sent from then on stay pending and are never acknowledged), then records up to the head,
 * then stops the node: no block is mined after the final write.
 */
import { join } from "node:path";
import { rm } from "node:fs/promises";
import { readChainJournal } from "./chainJournal.js";
import { startChainRecorder, type ChainRecorder, type RecorderStatus } from "./chainRecorder.js";
import type { ChainJournalBehindError } from "./errors.js";
import { mineHistory, type ChainHistory } from "./mineHistory.js";
import { nodeRpc } from "./nodeRpc.js";
import { replayChainJournal } from "./replayChainJournal.js";
import { startTsxChild } from "./startTsxChild.js";
import type { Child } from "./startChild.js";
import { waitForRpc } from "./waitUntil.js";

export interface ChainOptions {
  port: number;
  /** Where the journal lives; without it the chain is ephemeral. */
  dataDir?: string;
  /** Drop the journal and start a new chain. */
  reset?: boolean;
  /**
   * Make sure the chain has at least this many blocks (mineHistory.ts). A new chain then
   * starts with a genesis date far enough in the past for them to end at the wall clock.
   */
  history?: ChainHistory;
  logFile?: string;
  /** Bound of each journal recorder request (default 10 s). */
  journalTimeoutMs?: number;
  onJournalError?: (error: ChainJournalBehindError) => void;
  onJournalRecovered?: (recordedBlock: number) => void;
}

export interface RunningChain {
  rpcUrl: string;
  chainId: number;
  /** Blocks restored from the journal (0 for a new chain). */
  replayedBlocks: number;
  /** Blocks mined for `history`. */
  historyBlocks: number;
  /** Seconds the restored chain's clock is ahead of the wall clock (recorded that way). */
  clockAheadSeconds: number;
  child: Child;
  /** Mine a block every `intervalMs` instead of one per transaction (a testnet's rhythm). */
  mineEvery(intervalMs: number): Promise<void>;
  /** The journal recorder's state (undefined for an ephemeral chain). */
  journalStatus(): RecorderStatus | undefined;
  /**
   * Stops mining, records the last blocks, then stops the node. Rejects with
   * ChainJournalBehindError (after stopping the node) if the last blocks could not be recorded.
   */
  stop(): Promise<void>;
}

export const JOURNAL_FILE = "journal.jsonl";

export async function startChain(options: ChainOptions): Promise<RunningChain> {
  const journalFile = options.dataDir === undefined ? undefined : join(options.dataDir, JOURNAL_FILE);
  if (journalFile !== undefined && options.reset) await rm(journalFile, { force: true });
  const journal = journalFile === undefined ? undefined : await readChainJournal(journalFile);
  const genesisMs =
    journal !== undefined
      ? journal.header.genesisTimestamp * 1000
      : options.history === undefined
        ? undefined
        : Date.now() - options.history.blocks * options.history.blockTimeSeconds * 1000;
  const genesisDate = genesisMs === undefined ? [] : ["--initial-date", new Date(genesisMs).toISOString()];

  const child = startTsxChild("scripts/stack/chainNodeMain.ts", ["--port", String(options.port), ...genesisDate], {
    name: "chain",
    logFile: options.logFile,
  });
  const rpcUrl = `http://127.0.0.1:${options.port}`;
  const { raw } = nodeRpc(rpcUrl, { timeoutMs: 5_000 });
  let recorder: ChainRecorder | undefined;
  try {
    const chainId = await waitForRpc(rpcUrl, { what: `Hardhat node on ${rpcUrl}`, child, timeoutMs: 90_000 });
    const replayed = journal === undefined ? undefined : await replayChainJournal(rpcUrl, journal);
    if (journalFile !== undefined) {
      recorder = await startChainRecorder({
        rpcUrl,
        file: journalFile,
        fromBlock: journal?.lastBlock ?? 0,
        requestTimeoutMs: options.journalTimeoutMs,
        onError: options.onJournalError,
        onRecovered: options.onJournalRecovered,
      });
    }
    const historyBlocks = options.history === undefined ? 0 : await mineHistory(raw, options.history);
    const activeRecorder = recorder;
    return {
      rpcUrl,
      chainId,
      replayedBlocks: journal?.lastBlock ?? 0,
      historyBlocks,
      clockAheadSeconds: replayed?.clockAheadSeconds ?? 0,
      child,
      async mineEvery(intervalMs) {
        await raw("evm_setAutomine", [false]);
        await raw("evm_setIntervalMining", [intervalMs]);
      },
      journalStatus: () => activeRecorder?.status(),
      async stop() {
        try {
          await raw("evm_setIntervalMining", [0]);
          await raw("evm_setAutomine", [false]);
        } catch {
          // A node that does not answer mines nothing either; the final flush says what is missing.
        }
        try {
          await activeRecorder?.stop();
        } finally {
          await child.stop();
        }
      },
    };
  } catch (error) {
    await recorder?.stop().catch(() => undefined);
    await child.stop();
    throw error;
  }
}
