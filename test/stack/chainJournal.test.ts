/**
 * The dev chain's journal: empty runs are one line and replay to the same chain; a flush that
 * failed during a node stall (SIGSTOP) does not stop later flushes, and a restart restores every
 * block, those mined after the stall included; block time never runs ahead of the wall clock.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, afterEach, before, describe, it } from "node:test";
import { isEmptyRun, readChainJournal } from "../../scripts/stack/chainJournal.js";
import { ChainJournalBehindError } from "../../scripts/stack/errors.js";
import { portsFromEnv, TEST_PORTS } from "../../scripts/stack/stackConfig.js";
import { JOURNAL_FILE, startChain, type ChainOptions, type RunningChain } from "../../scripts/stack/startChain.js";
import { waitUntil } from "../../scripts/stack/waitUntil.js";
import { probeChain } from "./fixtures/probeChain.js";

const port = portsFromEnv(TEST_PORTS).rpc + 20;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("chain journal", { timeout: 240_000 }, () => {
  let dataDir: string;
  let chain: RunningChain | undefined;
  const start = async (options: Partial<ChainOptions> = {}) => {
    chain = await startChain({ port, dataDir, logFile: join(dataDir, "chain.log"), ...options });
    return chain;
  };
  const stop = async () => {
    const running = chain;
    chain = undefined;
    await running?.stop();
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-journal-"));
  });
  afterEach(async () => {
    await stop().catch(() => undefined);
    await rm(join(dataDir, JOURNAL_FILE), { force: true });
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("records runs of empty blocks as one line each and replays them to the same chain", async () => {
    const first = await start({ history: { blocks: 20_000, blockTimeSeconds: 12 } });
    assert.equal(first.historyBlocks, 20_000);
    const node = probeChain(first.rpcUrl);
    const probe = await node.deployProbe();
    const firstPoke = await node.poke(probe);
    await node.raw("hardhat_mine", ["0xbb8", "0x0"]); // 3,000 blocks at the same time
    for (let i = 0; i < 3; i++) await node.raw("evm_mine");
    const lastPoke = await node.poke(probe);
    const before = {
      head: await node.read.getBlockNumber(),
      state: await node.probeState(probe),
      blocks: await Promise.all(
        [1n, 9_999n, 20_000n, firstPoke.blockNumber, lastPoke.blockNumber - 2n, lastPoke.blockNumber].map((n) =>
          node.read.getBlock({ blockNumber: n }),
        ),
      ),
    };
    await stop();

    const journal = (await readChainJournal(join(dataDir, JOURNAL_FILE)))!;
    assert.equal(journal.lastBlock, Number(before.head));
    const runs = journal.entries.filter(isEmptyRun);
    // history | deploy | poke | 3,000 + 3 empty | poke
    assert.equal(journal.entries.length, 5, JSON.stringify(journal.entries).slice(0, 500));
    assert.deepEqual(runs.map((run) => run.count), [20_000, 3_003]);
    assert.deepEqual(runs[0]!.gaps, [[12, 19_999]]);
    for (const run of runs) assert.equal(run.gaps.reduce((sum, [, repeat]) => sum + repeat, 0), run.count - 1);
    assert.ok((await stat(join(dataDir, JOURNAL_FILE))).size < 4_000);

    const second = await start();
    assert.equal(second.replayedBlocks, Number(before.head));
    const replayed = probeChain(second.rpcUrl);
    assert.equal(await replayed.read.getBlockNumber(), before.head);
    assert.deepEqual(await replayed.probeState(probe), before.state);
    assert.equal(before.state.number, lastPoke.blockNumber);
    for (const block of before.blocks) {
      const again = await replayed.read.getBlock({ blockNumber: block.number });
      assert.equal(again.timestamp, block.timestamp, `timestamp of block ${block.number}`);
      assert.deepEqual(again.transactions, block.transactions, `transactions of block ${block.number}`);
    }
    // The restored chain goes on at wall-clock time.
    await replayed.raw("evm_mine");
    const next = await replayed.read.getBlock();
    assert.ok(Math.abs(Number(next.timestamp) - nowSeconds()) <= 2, `new block at ${next.timestamp}, now ${nowSeconds()}`);
  });

  it("records a long empty span with changing steps block by block exactly", async () => {
    const first = await start();
    const node = probeChain(first.rpcUrl);
    await node.raw("hardhat_mine", ["0x2ee", "0x5"]); // 750 blocks 5 s apart
    await node.raw("hardhat_mine", ["0x2ee", "0x1"]); // then 750 blocks 1 s apart
    const timestamps = await Promise.all(
      Array.from({ length: 1_500 }, (_, i) => node.read.getBlock({ blockNumber: BigInt(i + 1) }).then((b) => Number(b.timestamp))),
    );
    await stop();
    const journal = (await readChainJournal(join(dataDir, JOURNAL_FILE)))!;
    assert.equal(journal.entries.length, 1);
    const run = journal.entries[0]!;
    assert.ok(isEmptyRun(run));
    const recorded = [run.timestamp];
    for (const [gap, repeat] of run.gaps) for (let i = 0; i < repeat; i++) recorded.push(recorded.at(-1)! + gap);
    assert.deepEqual(recorded, timestamps);
  });

  it("recovers after flushes failed during a node stall and restores every block after a restart", async () => {
    const errors: ChainJournalBehindError[] = [];
    const recovered: number[] = [];
    const first = await start({
      journalTimeoutMs: 1_000,
      onJournalError: (error) => errors.push(error),
      onJournalRecovered: (block) => recovered.push(block),
    });
    const node = probeChain(first.rpcUrl);
    const beforeStall = await node.transfer();
    const pid = first.child.process.pid!;
    process.kill(pid, "SIGSTOP");
    try {
      await sleep(3_500);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    assert.ok(errors.length >= 1, "the stalled flushes were reported");
    assert.ok(errors[0] instanceof ChainJournalBehindError);
    const afterStall = await node.transfer();
    const head = Number(await node.read.getBlockNumber());
    await waitUntil(async () => ((first.journalStatus()?.recordedBlock ?? 0) >= head ? true : undefined), {
      what: "the journal catching up after the stall",
      timeoutMs: 10_000,
    });
    assert.ok(recovered.length >= 1, "recovery was reported");
    assert.equal(first.journalStatus()?.failingSince, undefined);
    await stop();

    const second = await start();
    assert.equal(second.replayedBlocks, head);
    const restored = probeChain(second.rpcUrl);
    for (const hash of [beforeStall, afterStall]) {
      const receipt = await restored.read.getTransactionReceipt({ hash });
      assert.equal(receipt.status, "success");
    }
  });

  it("keeps block time at or behind the wall clock during bursts of blocks", async () => {
    const first = await start();
    const node = probeChain(first.rpcUrl);
    for (let i = 0; i < 40; i++) await node.raw("evm_mine");
    const probe = await node.deployProbe();
    for (let i = 0; i < 10; i++) await node.poke(probe);
    const head = await node.read.getBlock();
    assert.equal(head.number, 51n);
    assert.ok(Number(head.timestamp) <= nowSeconds(), `head at ${head.timestamp}, now ${nowSeconds()}`);
    const { timestamp } = await node.probeState(probe);
    assert.ok(Number(timestamp) <= nowSeconds());
  });
});
