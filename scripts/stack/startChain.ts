/**
 * The local chain: a Hardhat 3 node (EDR) on 127.0.0.1, chain id 31337, made persistent by
 * the block journal in `<dataDir>/journal.jsonl` (see chainJournal.ts): an existing journal
 * is replayed before anything else talks to the node, and new blocks are recorded while it
 * runs.
 */
import { join } from "node:path";
import { rm } from "node:fs/promises";
import {
  readChainJournal,
  replayChainJournal,
  startChainRecorder,
  type ChainRecorder,
} from "./chainJournal.js";
import { startTsxChild } from "./startTsxChild.js";
import type { Child } from "./startChild.js";
import { waitForRpc } from "./waitUntil.js";

export interface ChainOptions {
  port: number;
  /** Where the journal lives; without it the chain is ephemeral. */
  dataDir?: string;
  /** Drop the journal and start a new chain. */
  reset?: boolean;
  logFile?: string;
  onRecorderError?: (error: unknown) => void;
}

export interface RunningChain {
  rpcUrl: string;
  chainId: number;
  /** Blocks restored from the journal (0 for a new chain). */
  replayedBlocks: number;
  child: Child;
  /** Records the last blocks, then stops the node. */
  stop(): Promise<void>;
}

export const JOURNAL_FILE = "journal.jsonl";

export async function startChain(options: ChainOptions): Promise<RunningChain> {
  const journalFile = options.dataDir === undefined ? undefined : join(options.dataDir, JOURNAL_FILE);
  if (journalFile !== undefined && options.reset) await rm(journalFile, { force: true });
  const journal = journalFile === undefined ? undefined : await readChainJournal(journalFile);
  const genesisDate =
    journal === undefined ? [] : [new Date(journal.header.genesisTimestamp * 1000).toISOString()];

  const child = startTsxChild("scripts/stack/chainNodeMain.ts", [String(options.port), ...genesisDate], {
    name: "chain",
    logFile: options.logFile,
  });
  const rpcUrl = `http://127.0.0.1:${options.port}`;
  let recorder: ChainRecorder | undefined;
  try {
    const chainId = await waitForRpc(rpcUrl, { what: `Hardhat node on ${rpcUrl}`, child, timeoutMs: 90_000 });
    if (journal !== undefined) await replayChainJournal(rpcUrl, journal);
    if (journalFile !== undefined) {
      recorder = await startChainRecorder({
        rpcUrl,
        file: journalFile,
        fromBlock: journal?.blocks.length ?? 0,
        onError: options.onRecorderError,
      });
    }
    const activeRecorder = recorder;
    return {
      rpcUrl,
      chainId,
      replayedBlocks: journal?.blocks.length ?? 0,
      child,
      async stop() {
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
