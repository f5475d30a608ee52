/**
 * File throughput in Chromium, the app's path without the UI:
 *   npm run bench:files        (env BENCH_FILES_MIB="10,100", BENCH_FILES_PAIRS=5, BENCH_FILES_RUNS=3;
 *                               ports CAIRN_WEB_PORT (bench page), CAIRN_PIN_PORT, CAIRN_IPFS_WS_PORT, default free ones)
 * For each size, random bytes are written to a file and picked on the page's file input (read from
 * disk with `file.stream()`, as the composer reads a File). Adds: after one untimed warm-up pair,
 * PAIRS interleaved pairs of "add the bytes to a UnixFS DAG unencrypted" and "encrypt + add them
 * with prepareMessage" (alternating which runs first), so background load hits both alike; the
 * ratio is the median of the per-pair ratios. The same for an in-memory Blob, for comparison.
 * Transfers (RUNS times, medians): upload the encrypted DAG to a pinning node as bounded CAR parts
 * until it answers pinned; read it back from the local store + decrypt; download it through the
 * pinning node's HTTP gateway (the app's path) and over bitswap only into a fresh node, + decrypt.
 * Prints a table and writes the generated part of the "## Files" section of docs/BENCHMARKS.md
 * (its `### ` subsections are kept).
 */
import { build } from "esbuild";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { createServer } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { launchBrowser } from "../testkit/launchBrowser.js";
import { FILE_CHUNK_SIZE } from "@cairn/core/channel";
import {
  FILE_INPUT_ID,
  type AddBenchParams,
  type AddBenchResult,
  type TransferBenchParams,
  type TransferBenchResult,
} from "./bench/filesBenchBrowser.js";
import { createRendererCpuClock } from "./bench/createRendererCpuClock.js";
import { writeBenchmarkSection } from "./bench/writeBenchmarkSection.js";
import { spawnPinningNode } from "./ipfs/spawnPinningNode.js";
import { repoRoot } from "./stack/repoRoot.js";

const sizes = (process.env.BENCH_FILES_MIB ?? "10,100").split(",").map(Number);
/** Interleaved (unencrypted add, encrypt + add) pairs per size and source. */
const pairs = Number(process.env.BENCH_FILES_PAIRS ?? 5);
/** Upload/download runs per size; each measure reports its median. */
const runs = Number(process.env.BENCH_FILES_RUNS ?? 3);
const port = (name: string) => Number(process.env[name] ?? 0);
const PART_BYTES = 8 * 1024 * 1024;
const GOAL_MBPS = 40;
const GOAL_RATIO = 1.3;
const BENCHMARKS_FILE = join(repoRoot, "docs", "BENCHMARKS.md");
const log = (line: string): void => console.log(`[bench:files] ${line}`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Timed adds of one source: seconds of wall time and of renderer CPU time, per pair. */
interface AddPairs {
  bytes: number;
  raw: { seconds: number[]; cpu: number[] };
  encrypted: { seconds: number[]; cpu: number[] };
}

/** Median of a measure, and the median and range of its per-pair encrypted ÷ raw ratio. */
function summarise(raw: number[], encrypted: number[]) {
  const ratios = raw.map((value, i) => encrypted[i]! / value);
  return { raw: median(raw), encrypted: median(encrypted), ratio: median(ratios), lowest: Math.min(...ratios), highest: Math.max(...ratios) };
}

function summariseAdds(adds: AddPairs) {
  return { wall: summarise(adds.raw.seconds, adds.encrypted.seconds), cpu: summarise(adds.raw.cpu, adds.encrypted.cpu) };
}

type AddSummary = ReturnType<typeof summariseAdds>;
/** One size's figures: add medians per source, transfer medians in seconds. */
interface SizeResult {
  bytes: number;
  file: AddSummary;
  blob: AddSummary;
  upload: number;
  localDecrypt: number;
  gateway: number;
  download: number;
}

/** `mib` MiB of random bytes in a file. */
async function writeRandomFile(path: string, mib: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < mib; i++) if (!out.write(randomBytes(1024 * 1024))) await once(out, "drain");
  out.end();
  await once(out, "finish");
}

/**
 * One untimed warm-up pair, then `pairs` pairs of (unencrypted add, encrypt + add) of the same
 * bytes, alternating which runs first, so background load hits both alike.
 */
async function measureAdds(page: Page, cpuClock: () => Promise<number>, source: AddBenchParams["source"], mib: number): Promise<AddPairs> {
  const adds: AddPairs = { bytes: 0, raw: { seconds: [], cpu: [] }, encrypted: { seconds: [], cpu: [] } };
  const add = async (kind: AddBenchParams["kind"], record: boolean) => {
    const before = await cpuClock();
    const result = await evaluate<AddBenchParams, AddBenchResult>(page, "runAddBench", { source, mib, kind });
    const cpu = (await cpuClock()) - before;
    adds.bytes = result.bytes;
    if (!record) return;
    adds[kind].seconds.push(result.seconds);
    adds[kind].cpu.push(cpu);
  };
  await add("raw", false);
  await add("encrypted", false);
  for (let pair = 0; pair < pairs; pair++) {
    const order = pair % 2 === 0 ? (["raw", "encrypted"] as const) : (["encrypted", "raw"] as const);
    for (const kind of order) await add(kind, true);
  }
  return adds;
}

const evaluate = <P, R>(page: Page, name: string, params: P) =>
  page.evaluate(([fn, p]) => (globalThis as unknown as Record<string, (p: unknown) => Promise<unknown>>)[fn]!(p), [name, params] as const) as Promise<R>;

const bundle = await build({
  entryPoints: [join(repoRoot, "scripts", "bench", "filesBenchBrowser.ts")],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  write: false,
  logLevel: "error",
});
const script = bundle.outputFiles[0].text;
const server = createServer((req, res) => {
  if (req.url === "/bench.js") {
    res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    return;
  }
  res
    .writeHead(200, { "content-type": "text/html" })
    .end(`<!doctype html><title>bench:files</title><input type="file" id="${FILE_INPUT_ID}"><script type="module" src="/bench.js"></script>`);
});
await new Promise<void>((resolve) => server.listen(port("CAIRN_WEB_PORT"), "127.0.0.1", resolve));
const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const dataDir = await mkdtemp(join(tmpdir(), "cairn-bench-files-"));
const node = await spawnPinningNode({ dataDir, allowOrigins: [new URL(pageUrl).origin], apiPort: port("CAIRN_PIN_PORT"), wsPort: port("CAIRN_IPFS_WS_PORT") });
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  page.on("console", (message) => message.type() === "error" && log(`page: ${message.text()}`));
  await page.goto(pageUrl);
  await page.waitForFunction(() => "runTransferBench" in globalThis);
  const cpuClock = await createRendererCpuClock(browser);
  const results: SizeResult[] = [];
  for (const mib of sizes) {
    const path = join(dataDir, `bench-${mib}.bin`);
    await writeRandomFile(path, mib);
    await page.setInputFiles(`#${FILE_INPUT_ID}`, path);
    log(`${mib} MiB: ${pairs} add pairs from a picked file, then from an in-memory Blob…`);
    const file = await measureAdds(page, cpuClock, "file", mib);
    const blob = await measureAdds(page, cpuClock, "blob", mib);
    const transfers: TransferBenchResult[] = [];
    for (let run = 1; run <= runs; run++) {
      log(`${mib} MiB: upload and downloads, run ${run}/${runs}…`);
      const params: TransferBenchParams = { apiUrl: node.apiUrl, multiaddrs: node.multiaddrs, partBytes: PART_BYTES };
      transfers.push(await evaluate<TransferBenchParams, TransferBenchResult>(page, "runTransferBench", params));
    }
    const of = (key: keyof TransferBenchResult) => median(transfers.map((t) => t[key]));
    results.push({
      bytes: file.bytes,
      file: summariseAdds(file),
      blob: summariseAdds(blob),
      upload: of("uploadSeconds"),
      localDecrypt: of("localDecryptSeconds"),
      gateway: of("gatewaySeconds"),
      download: of("downloadSeconds"),
    });
    await rm(path);
  }

  const mbps = (bytes: number, seconds: number) => bytes / 1e6 / seconds;
  const cell = (bytes: number, seconds: number) => `${seconds.toFixed(2)} s · ${mbps(bytes, seconds).toFixed(1)} MB/s`;
  const ratioCell = (ratio: AddSummary["wall"]) => `${ratio.ratio.toFixed(2)}× (${ratio.lowest.toFixed(2)}–${ratio.highest.toFixed(2)})`;
  const header = `| measure | ${results.map((r) => `${r.bytes / 2 ** 20} MiB`).join(" | ")} |`;
  const row = (label: string, value: (r: SizeResult) => string) => `| ${label} | ${results.map(value).join(" | ")} |`;
  const table = [
    header,
    `|---|${results.map(() => "---:").join("|")}|`,
    row("add unencrypted (UnixFS, browser store)", (r) => cell(r.bytes, r.file.wall.raw)),
    row("encrypt + add (prepareMessage, as the app sends)", (r) => cell(r.bytes, r.file.wall.encrypted)),
    row(`encrypt + add ÷ add, wall time (goal ≤ ${GOAL_RATIO}): median of ${pairs} pairs (range)`, (r) => ratioCell(r.file.wall)),
    row("encrypt + add ÷ add, renderer CPU time: median (range)", (r) => `${ratioCell(r.file.cpu)}: ${r.file.cpu.raw.toFixed(2)} s → ${r.file.cpu.encrypted.toFixed(2)} s`),
    row("the same two ratios from an in-memory Blob (see above)", (r) => `${ratioCell(r.blob.wall)}; CPU ${ratioCell(r.blob.cpu)}`),
    row(`upload until pinned (CAR parts of ${PART_BYTES / 2 ** 20} MiB)`, (r) => cell(r.bytes, r.upload)),
    row("encrypt + add + upload until pinned", (r) => cell(r.bytes, r.file.wall.encrypted + r.upload)),
    row("read local store + decrypt", (r) => cell(r.bytes, r.localDecrypt)),
    row("download (HTTP gateway of the pinning node, the app's path) + decrypt", (r) => cell(r.bytes, r.gateway)),
    row("download (bitswap only, from the pinning node) + decrypt", (r) => cell(r.bytes, r.download)),
  ].join("\n");
  const verdicts = results.map((r) => {
    const encrypt = mbps(r.bytes, r.file.wall.encrypted);
    const download = mbps(r.bytes, r.gateway);
    const ok = (pass: boolean) => (pass ? "met" : "missed");
    return `- ${r.bytes / 2 ** 20} MiB: encrypt + add ≥ ${GOAL_MBPS} MB/s ${ok(encrypt >= GOAL_MBPS)}; ratio ≤ ${GOAL_RATIO} ${ok(r.file.wall.ratio <= GOAL_RATIO)}; download + decrypt ≥ ${GOAL_MBPS} MB/s ${ok(download >= GOAL_MBPS)}.`;
  });
  const section = [
    "## Files",
    "",
    `Measured by \`npm run bench:files\` (scripts/bench-files.ts) on ${new Date().toISOString().slice(0, 10)}: headless Chromium`,
    `${browser.version()}, ${cpus().length} CPU cores shared with other work, a pinning node (scripts/ipfs-node.ts) on loopback.`,
    "The file: random bytes written to disk and picked on a file input, read with `file.stream()` as the composer reads a File.",
    "Add = UnixFS with 1 MiB raw leaves into an in-memory blockstore; encrypt + add = core/channel's prepareMessage",
    `(chunked AES-256-GCM, ${FILE_CHUNK_SIZE / 1024} KiB chunks, WebCrypto), the message block included. After one untimed warm-up pair,`,
    `${pairs} pairs of (add, encrypt + add) run interleaved, alternating which goes first, so background load hits both alike;`,
    "times are medians, a ratio is the median of the per-pair ratios (range in brackets). Renderer CPU time (all threads of",
    "the page's processes, from /proc) leaves out what other programs on the shared machine take. The in-memory Blob row is the",
    "same from a Blob of random bytes: its stream arrives in 2 MiB pieces that line up with the 1 MiB leaves, so its",
    "unencrypted add stores views and copies nothing, while an encrypted stream (9-byte header, 21 bytes per chunk) never",
    "lines up and pays one copy per leaf. Upload = the",
    "channel service's path (`uploadDag`: CAR parts, the last one pins; the node verifies, fsyncs and pins). Download = a fresh",
    "reader in the page: through the pinning node's trustless HTTP gateway (`GET /ipfs/<cid>?format=raw` per block; the app's",
    "path, bitswap being its fallback), or a fresh Helia node over bitswap only; every block hash-checked, then decrypted.",
    `Upload and download figures are medians of ${runs} runs (\`BENCH_FILES_RUNS\`). Goals: ≥ ${GOAL_MBPS} MB/s; encryption ≤ ${GOAL_RATIO}× the unencrypted add.`,
    "",
    table,
    "",
    ...verdicts,
    "",
  ].join("\n");
  console.log(`\n${table}\n\n${verdicts.join("\n")}\n`);
  await writeBenchmarkSection(BENCHMARKS_FILE, "Files", section);
  log(`wrote the Files section of ${BENCHMARKS_FILE}`);
} finally {
  await browser.close();
  await node.stop();
  server.close();
  await rm(dataDir, { recursive: true, force: true });
}
