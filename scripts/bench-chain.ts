/**
 * `npm run bench:chain`: what reading the chain costs through a testnet-like endpoint (the RPC
 * harness: 20 requests/s, 80 ms latency, Alchemy's refusals) with the app's reader, core's chain
 * index (createChainIndex), on the real contracts with a long history:
 *
 * - a history of CAIRN_BENCH_BLOCKS blocks (default 2,600,000: a year of Sepolia), one channel
 *   holding CAIRN_BENCH_MESSAGES messages (default 1,000) spread over it, an account in 20 channels;
 * - fresh device (empty cache): time and requests until the newest message is known, until the
 *   newest 50 are, and until the sidebar lists the 20 channels with names (all started together,
 *   as a page does); returning device (the cache of the fresh run): the same;
 * - idle at 12 s blocks: requests per minute of a following index (CAIRN_BENCH_IDLE_S, default 60);
 * - send → known at the other side at 12 s blocks (the index polls at the measured block time);
 * - with a 1,000-block cap, a 5-block cap and no cap.
 *
 * It measures the reader, not the browser: decrypting and fetching from IPFS add to the times
 * (docs/BENCHMARKS.md "App"). Prints a table and writes it to docs/BENCHMARKS.md under
 * "## Chain reads" (other sections untouched).
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createChainIndex, createMemoryLogStore, type ChainIndex, type LogCacheStore } from "@cairn/core/chain";
import { decodeChannelMetadata } from "@cairn/core/crypto";
import { startCairnChain, type CairnChain } from "../testkit/startCairnChain.js";
import { repoRoot } from "./stack/repoRoot.js";
import { testAccount } from "./stack/testAccounts.js";

const BLOCKS = Number(process.env.CAIRN_BENCH_BLOCKS ?? 2_600_000);
const MESSAGES = Number(process.env.CAIRN_BENCH_MESSAGES ?? 1_000);
const IDLE_S = Number(process.env.CAIRN_BENCH_IDLE_S ?? 60);
/** A run that has not finished within this long is reported as such. */
const GIVE_UP_MS = Number(process.env.CAIRN_BENCH_GIVE_UP_MS ?? 120_000);
const BENCHMARKS_FILE = join(repoRoot, "docs", "BENCHMARKS.md");
const CREATOR = 1;
const READER = 2;

const log = (line: string): void => console.log(`[bench:chain] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Milestone = { ms: number; requests: number; getLogs: number } | null;
type LoadResult = { first: Milestone; fifty: Milestone; sidebar: Milestone };

const requestsOf = (cairn: CairnChain) => {
  const { byMethod } = cairn.harness.stats();
  return { requests: Object.values(byMethod).reduce((sum, n) => sum + n, 0), getLogs: byMethod.eth_getLogs ?? 0 };
};

async function seed(cairn: CairnChain) {
  const channels: bigint[] = [];
  for (let n = 0; n < 20; n++) {
    const id = await cairn.createPublicChannel(CREATOR, `channel ${n}`);
    await cairn.join(READER, id);
    channels.push(id);
  }
  const gap = Math.max(1, Math.floor(BLOCKS / MESSAGES) - 1);
  for (let n = 0; n < MESSAGES; n++) {
    await cairn.post(n % 2 === 0 ? CREATOR : READER, channels[0]);
    await cairn.mine(gap);
    if ((n + 1) % 100 === 0) log(`seeded ${n + 1} of ${MESSAGES} messages`);
  }
  return channels;
}

/** A page's load: the open channel's newest 50 messages and the sidebar, started together. */
async function load(cairn: CairnChain, store: LogCacheStore, channels: bigint[], count: number): Promise<LoadResult> {
  cairn.harness.reset();
  const start = performance.now();
  const mark = (): Milestone => ({ ms: Math.round(performance.now() - start), ...requestsOf(cairn) });
  const index = createChainIndex({ client: cairn.client(), chainId: 31337, deployment: cairn.deployment, account: testAccount(READER).address, store, follow: false });
  const result: LoadResult = { first: null, fifty: null, sidebar: null };
  const busy = channels[0];
  const stopWatching = index.watch(busy);
  const unsubscribe = index.subscribe(() => {
    if (!result.first && index.channel(busy).messages.length > 0) result.first = mark();
  });
  const named = (id: bigint) => {
    const state = index.channel(id).state;
    return state !== undefined && decodeChannelMetadata(state.metadata.bytes).name.length > 0;
  };
  let over = false;
  const sidebar = (async () => {
    const ids = await index.channels();
    while (!over && !(ids.length === channels.length && ids.every(named))) await sleep(20);
    if (!over) result.sidebar = mark();
  })();
  const messages = (async () => {
    await index.sync();
    if (index.channel(busy).messages.length > 0) result.first ??= mark();
    await index.loadOlder(busy, count - index.channel(busy).messages.length);
    if (!over && count >= 50 && index.channel(busy).messages.length >= 50) result.fifty = mark();
  })();
  await Promise.race([Promise.all([sidebar, messages]), sleep(GIVE_UP_MS)]);
  over = true;
  unsubscribe();
  stopWatching();
  index.stop();
  return result;
}

/** Requests per minute of an index following at 12 s blocks, and send → known at the other side. */
async function live(cairn: CairnChain, store: LogCacheStore, channels: bigint[]) {
  await cairn.rpc("evm_setIntervalMining", [12_000]);
  const index: ChainIndex = createChainIndex({ client: cairn.client(), chainId: 31337, deployment: cairn.deployment, account: testAccount(READER).address, store });
  await index.channels();
  await sleep(15_000);
  cairn.harness.reset();
  await sleep(IDLE_S * 1_000);
  const { byMethod } = cairn.harness.stats();
  const perMinute = Object.fromEntries(Object.entries(byMethod).map(([method, n]) => [method, Math.round((n * 60) / IDLE_S)]));
  const latencies: number[] = [];
  for (let n = 0; n < 3; n++) {
    const before = index.channel(channels[1]).messages.length;
    const start = performance.now();
    void cairn.post(CREATOR, channels[1]);
    while (index.channel(channels[1]).messages.length === before) await sleep(20);
    latencies.push(performance.now() - start);
  }
  index.stop();
  await cairn.rpc("evm_setIntervalMining", [0]);
  return { perMinute, sendToKnown: latencies.sort((a, b) => a - b)[1] };
}

const show = (milestone: Milestone) =>
  milestone ? `${(milestone.ms / 1000).toFixed(2)} s, ${milestone.requests} req (${milestone.getLogs} getLogs)` : "—";

async function main() {
  log(`history ${BLOCKS.toLocaleString("en")} blocks, ${MESSAGES} messages in one channel, 20 channels`);
  const cairn = await startCairnChain({ harness: { logsBlockRangeCap: 1_000 } });
  const rows: string[] = [];
  try {
    const channels = await seed(cairn);
    for (const cap of [1_000, 5, 0]) {
      cairn.harness.configure({ logsBlockRangeCap: cap });
      const label = cap === 0 ? "no cap" : `${cap.toLocaleString("en")}-block cap`;
      const store = createMemoryLogStore();
      // Behind a 5-block cap a window of 1,000 blocks takes 200 reads: only the newest message is asked for.
      const count = cap === 5 ? 1 : 50;
      const fresh = await load(cairn, store, channels, count);
      const returning = await load(cairn, store, channels, count);
      for (const [device, result] of [["fresh", fresh], ["returning", returning]] as const) {
        const row = `| ${label} | ${device} | ${show(result.first)} | ${show(result.fifty)} | ${show(result.sidebar)} |`;
        log(row);
        rows.push(row);
      }
    }
    cairn.harness.configure({ logsBlockRangeCap: 1_000 });
    const { perMinute, sendToKnown } = await live(cairn, createMemoryLogStore(), channels);
    const idle = Object.entries(perMinute)
      .map(([method, n]) => `${method} ${n}`)
      .join(", ");
    log(`idle per minute: ${idle}; send → known ${(sendToKnown / 1000).toFixed(1)} s`);
    const section = [
      "## Chain reads",
      "",
      `\`npm run bench:chain\`: core's chain index (the app's and the CLI's reader) through the RPC harness (20 requests/s, 80 ms,`,
      `Alchemy's refusals), ${BLOCKS.toLocaleString("en")} blocks, one channel with ${MESSAGES.toLocaleString("en")} messages spread over them, an account in 20 channels.`,
      `Times are the reader's (logs known), without decrypting or fetching from IPFS; each cell: time, requests (eth_getLogs); — not asked for (5-block cap: newest message only) or not within ${GIVE_UP_MS / 1000} s.`,
      "",
      "| endpoint | device | newest message | newest 50 | sidebar (20 channels, names) |",
      "|---|---|---|---|---|",
      ...rows,
      "",
      `Idle at 12 s blocks, 1,000-block cap, per minute: ${idle}. Send → known at the other side at 12 s blocks (median of 3): ${(sendToKnown / 1000).toFixed(1)} s.`,
      "",
    ].join("\n");
    const current = await readFile(BENCHMARKS_FILE, "utf8");
    const start = current.indexOf("## Chain reads");
    const next = start < 0 ? -1 : current.indexOf("\n## ", start + 1);
    const updated = start < 0 ? `${current.trimEnd()}\n\n${section}` : `${current.slice(0, start)}${section}${next < 0 ? "" : current.slice(next + 1)}`;
    await writeFile(BENCHMARKS_FILE, updated);
    log(`written to ${BENCHMARKS_FILE}`);
  } finally {
    await cairn.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
