/**
 * A 1 GiB file through the browser with bounded memory: A attaches it (Playwright hands the
 * page a path, the app reads it with `file.stream()`), encrypts it into IndexedDB and uploads
 * it; B downloads it as a normal browser download and the saved file has the same SHA-256.
 * A and B each run in a Chromium with an on-disk profile: Playwright's usual contexts are off
 * the record, where IndexedDB lives in memory (1 GiB stored = 1 GiB more browser memory).
 * During each transfer the used JS heap of both pages and the resident memory of all of
 * Chromium's processes are sampled, each sample after a full GC of both pages (so garbage V8
 * has not collected yet does not count; memory the app holds does): both must stay far below
 * the file's size. A file held whole, e.g. in a Blob, adds about 1 GiB of RSS.
 *
 *   node --import tsx --test test/e2e/largeFile.test.ts
 *
 * Needs about 5 GiB free under the temp directory (the file, A's and B's IndexedDB, the
 * pinning node's store, the download). Durations and peaks are logged; docs/BENCHMARKS.md
 * records them.
 */
import assert from "node:assert/strict";
import { createCipheriv, createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm, statfs } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe } from "node:test";
import { finished } from "node:stream/promises";
import type { Download } from "playwright-core";
import type { Hex } from "viem";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import { browserSuite } from "./fixtures/browserSuite.js";
import { CHAIN_ID } from "../../scripts/stack/stackConfig.js";
import { CairnApp } from "../../testkit/CairnApp.js";
import { launchPersistentContext } from "../../testkit/launchBrowser.js";
import { sampleMemory, type MemoryPeaks } from "./fixtures/memorySampler.js";

const log = (line: string): void => console.log(`[e2e:largeFile] ${line}`);
const MiB = 1024 * 1024;
/** 1 GiB; CAIRN_E2E_LARGE_MIB picks another size (to investigate, the bounds stay). */
const SIZE = Number(process.env.CAIRN_E2E_LARGE_MIB ?? 1024) * MiB;
const NAME = "large-1GiB.bin";
const TEXT = "one gibibyte";
/**
 * Allowed growth over the figure before the transfer, well below the file's 1024 MiB. Streaming,
 * the downloading page's renderer still climbs by about 400 MiB whatever the file's size (the
 * same for 256 MiB and 1 GiB: buffers freed late, not the file), hence not lower.
 */
const MAX_RSS_GROWTH = 600 * MiB;
const MAX_HEAP_GROWTH = 200 * MiB;
const FREE_BYTES_NEEDED = 5 * 1024 * MiB;
const TRANSFER_TIMEOUT = 600_000;

const mib = (bytes: number): string => `${(bytes / MiB).toFixed(0)} MiB`;

/**
 * Writes `size` deterministic, incompressible bytes (an AES-128-CTR keystream under a fixed
 * key) to `path` in 4 MiB pieces, never holding the file; returns their SHA-256.
 */
async function writeKeystreamFile(path: string, size: number): Promise<string> {
  const cipher = createCipheriv("aes-128-ctr", Buffer.alloc(16, 7), Buffer.alloc(16, 0));
  const hash = createHash("sha256");
  const out = createWriteStream(path);
  const zeros = Buffer.alloc(4 * MiB);
  for (let written = 0; written < size; written += zeros.length) {
    const piece = cipher.update(zeros.subarray(0, Math.min(zeros.length, size - written)));
    hash.update(piece);
    if (!out.write(piece)) await new Promise((resolve) => out.once("drain", resolve));
  }
  out.end();
  await finished(out);
  return hash.digest("hex");
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const piece of createReadStream(path, { highWaterMark: 4 * MiB })) hash.update(piece as Buffer);
  return hash.digest("hex");
}

describe("A 1 GiB file in the browser", { timeout: 1_800_000 }, () => {
  const suite = browserSuite({ log, stepTimeoutMs: TRANSFER_TIMEOUT });
  const { step } = suite;
  const alice = testAccount(6);
  const bob = testAccount(7);
  const channelName = `large-${Date.now().toString(36)}`;
  let filesDir: string;
  let path: string;
  let expectedHash: string;
  let a: CairnApp;
  let b: CairnApp;

  /** Samples memory while `work` runs; logs and checks the growth over the start. */
  const withinMemoryBound = async (label: string, work: () => Promise<void>): Promise<MemoryPeaks> => {
    const sampler = await sampleMemory({ alice: a.page, bob: b.page }, { intervalMs: 500, collectGarbage: true });
    const t0 = Date.now();
    const failure = await work().then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    const peaks = await sampler.stop();
    const growth = (figure: keyof MemoryPeaks["peak"]) => peaks.peak[figure] - peaks.baseline[figure];
    const heaps = Object.entries(peaks.heap).map(([page, { baseline, peak }]) => `${page} heap ${mib(baseline)} → peak ${mib(peak)}`);
    log(
      `${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s; Chromium RSS ${mib(peaks.baseline.rss)} → peak ${mib(peaks.peak.rss)}` +
        ` (+${mib(growth("rss"))}: anon +${mib(growth("anon"))}, file +${mib(growth("file"))}, shmem +${mib(growth("shmem"))});` +
        ` ${heaps.join("; ")}; ${peaks.samples} samples`,
    );
    const top = peaks.atPeak.slice(0, 6).map((p) => `${p.kind} ${mib(p.rss)} (anon ${mib(p.anon)}, file ${mib(p.file)}, shmem ${mib(p.shmem)})`);
    log(`${label}: at the RSS peak: ${top.join("; ")}`);
    if (failure) throw failure.error;
    assert.ok(growth("rss") < MAX_RSS_GROWTH, `${label}: Chromium RSS grew by ${mib(growth("rss"))}`);
    for (const [page, { baseline, peak }] of Object.entries(peaks.heap)) {
      assert.ok(peak - baseline < MAX_HEAP_GROWTH, `${label}: ${page}'s JS heap grew by ${mib(peak - baseline)}`);
    }
    return peaks;
  };

  before(async () => {
    filesDir = await mkdtemp(join(tmpdir(), "cairn-e2e-large-"));
    const { bavail, bsize } = await statfs(filesDir);
    assert.ok(bavail * bsize >= FREE_BYTES_NEEDED, `${mib(bavail * bsize)} free under ${tmpdir()}, ${mib(FREE_BYTES_NEEDED)} needed`);
    path = join(filesDir, NAME);
    const t0 = Date.now();
    expectedHash = await writeKeystreamFile(path, SIZE);
    log(`wrote ${NAME} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });

  after(async () => {
    await a?.close();
    await b?.close();
    await rm(filesDir, { recursive: true, force: true });
  });

  /** The app for a wallet in its own Chromium with an on-disk profile. */
  const openWithProfile = async (label: string, privateKey: Hex) => {
    const profile = join(filesDir, `profile-${label}`);
    await mkdir(profile);
    return CairnApp.openInContext(await launchPersistentContext(profile), {
      appUrl: suite.stack.urls.app,
      rpcUrl: suite.stack.urls.rpc,
      chainId: CHAIN_ID,
      privateKey,
      label,
      artifacts: suite.artifacts,
    });
  };

  step("A and B share a public channel", async () => {
    ({ a, b } = await suite.sharePublicChannel(channelName, { alice: alice.privateKey, bob: bob.privateKey }, openWithProfile));
  });

  step("A sends the 1 GiB file: encrypted, stored and uploaded within the memory bound", async () => {
    await withinMemoryBound("upload", async () => {
      await a.byTestId("file-input").setInputFiles(path);
      await a.byTestId("selected-file").waitFor();
      await a.send(TEXT);
      await a.message(TEXT, a.address).getByTestId("message-status").filter({ hasText: "confirmed" }).waitFor({ timeout: TRANSFER_TIMEOUT });
    });
  });

  step("B downloads it as a browser download with the same SHA-256, within the memory bound", async () => {
    const message = await b.waitForMessage(TEXT, a.address);
    const attachment = message.locator(`[data-testid="attachment"][data-name="${NAME}"]`);
    assert.equal(await attachment.getAttribute("data-size"), String(SIZE));
    let download: Download | undefined;
    let saved = "";
    await withinMemoryBound("download", async () => {
      [download] = await Promise.all([b.page.waitForEvent("download", { timeout: TRANSFER_TIMEOUT }), attachment.getByTestId("attachment-download").click()]);
      await attachment.getByTestId("download-progress").waitFor();
      saved = await download.path();
    });
    assert.equal(await attachment.getByTestId("attachment-error").count(), 0);
    download = download!;
    assert.equal(download.suggestedFilename(), NAME);
    const t0 = Date.now();
    assert.equal(await sha256File(saved), expectedHash);
    log(`hashed the download in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await download.delete();
  });
});
