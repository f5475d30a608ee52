/**
 * Encrypted files end to end, in Chromium, against the whole stack: A attaches a 10 MiB file of
 * random bytes and a small PNG; B sees both attachments (name, size, type) with nothing
 * fetched, downloads the file (same SHA-256) and previews the image only after a click; with
 * A gone, B on a fresh context (empty IndexedDB) still gets both from the pinning node. A
 * cancelled upload is dropped without a transaction; a cancelled download, and one whose
 * block is tampered with on the way from the gateway, end as failed browser downloads.
 *
 *   node --import tsx --test test/e2e/files.test.ts
 *
 * Downloads are taken as any outside script would: click `attachment-download`, Playwright's
 * download event, the saved file compared by SHA-256 (the app streams them through its
 * download worker, public/cairn-download-worker.js).
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe } from "node:test";
import type { Page, Route } from "playwright-core";
import { CHAIN_ID } from "../../scripts/stack/stackConfig.js";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import { CairnApp } from "../../testkit/CairnApp.js";
import { browserSuite } from "./fixtures/browserSuite.js";

const log = (line: string): void => console.log(`[e2e:files] ${line}`);
const MiB = 1024 * 1024;
/** A valid 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const BIG_NAME = "random-10MiB.bin";
const IMAGE_NAME = "pixel.png";
const TEXT = "two files for you";
/** Big enough that Cancel lands during encryption or upload. */
const HUGE_NAME = "to-cancel.bin";
const HUGE_MIB = 128;

/**
 * Records every phase the upload bar shows (a string: tsx would wrap named inner functions in
 * a `__name` helper the page does not have).
 */
const UPLOAD_PHASE_PROBE = `(() => {
  const seen = new Set();
  window.__uploadPhases = seen;
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('[data-testid="upload-progress"]')) seen.add(el.getAttribute("data-phase"));
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-phase"] });
})()`;

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** Blocks in the page's Helia blockstore (IndexedDB `cairn-<chain>-blocks`). */
const countStoredBlocks = (app: CairnApp): Promise<number> =>
  app.page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    let count = 0;
    for (const store of Array.from(db.objectStoreNames)) {
      count += await new Promise<number>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).count();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    return count;
  }, `cairn-${CHAIN_ID}-blocks`);

describe("Encrypted files in the browser", { timeout: 900_000 }, () => {
  const suite = browserSuite({ log });
  const { step } = suite;
  const alice = testAccount(4);
  const bob = testAccount(5);
  const channelName = `files-${Date.now().toString(36)}`;
  const big = randomBytes(10 * MiB);
  let filesDir: string;
  let a: CairnApp;
  let b: CairnApp;
  let channelId: string;

  const attachment = (app: CairnApp, name: string) => app.page.locator(`[data-testid="attachment"][data-name="${name}"]`);

  /** Clicks Download on an attachment; resolves with the browser download it starts. */
  const startDownload = async (app: CairnApp, name: string) => {
    const [started] = await Promise.all([app.page.waitForEvent("download"), attachment(app, name).getByTestId("attachment-download").click()]);
    return started;
  };

  /** Downloads an attachment through the UI and returns the saved file's name and bytes. */
  const download = async (app: CairnApp, name: string) => {
    const saved = await startDownload(app, name);
    return { name: saved.suggestedFilename(), bytes: await readFile(await saved.path()) };
  };

  /** Routes the page's block requests to the pinning node's gateway through `handle`. */
  const routeGateway = (page: Page, handle: (route: Route) => Promise<void>) =>
    page.route((url) => url.origin === suite.stack.urls.pinApi && url.pathname.startsWith("/ipfs/"), handle);

  /** Previews the image after asserting that no decrypted image is on the page before the click. */
  const preview = async (app: CairnApp) => {
    assert.equal(await app.page.locator('img[src^="blob:"]').count(), 0, "no image before the click");
    await attachment(app, IMAGE_NAME).getByTestId("attachment-preview").click();
    const image = attachment(app, IMAGE_NAME).getByTestId("attachment-image");
    await image.waitFor();
    await app.page.waitForFunction((el) => (el as HTMLImageElement).complete, await image.elementHandle());
    return image.evaluate((el) => (el as HTMLImageElement).naturalWidth);
  };

  before(async () => {
    filesDir = await mkdtemp(join(tmpdir(), "cairn-e2e-files-"));
    await writeFile(join(filesDir, BIG_NAME), big);
    await writeFile(join(filesDir, IMAGE_NAME), PNG);
    await writeFile(join(filesDir, HUGE_NAME), randomBytes(HUGE_MIB * MiB));
  });

  after(async () => {
    await rm(filesDir, { recursive: true, force: true });
  });

  step("A and B share a public channel", async () => {
    ({ a, b, channelId } = await suite.sharePublicChannel(channelName, { alice: alice.privateKey, bob: bob.privateKey }));
  });

  step("A sends a 10 MiB file and a PNG with progress through encrypting, uploading and pinning", async () => {
    await a.page.evaluate(UPLOAD_PHASE_PROBE);
    await a.byTestId("file-input").setInputFiles([join(filesDir, BIG_NAME), join(filesDir, IMAGE_NAME)]);
    await a.byTestId("selected-file").nth(1).waitFor();
    assert.equal(await a.byTestId("selected-file").count(), 2);
    await a.send(TEXT);
    const sent = await a.waitForMessage(TEXT, a.address);
    assert.equal(await a.byTestId("upload-progress").count(), 0, "the bar is gone once confirmed");
    const phases = await a.page.evaluate(() => [...(window as { __uploadPhases?: Set<string> }).__uploadPhases!]);
    log(`upload phases seen: ${phases.join(", ")}`);
    assert.ok(phases.includes("encrypting") && phases.includes("pinning"), `phases seen: ${phases.join(", ")}`);
    await sent.getByTestId("attachment").nth(1).waitFor();
    assert.equal(await sent.getByTestId("attachment").count(), 2, "the chain copy lists both files");
  });

  step("A cancels an upload: the message is dropped and nothing is posted", async () => {
    const text = "this one is cancelled";
    const txBefore = a.wallet.transactionRequests;
    await a.byTestId("file-input").setInputFiles([join(filesDir, HUGE_NAME)]);
    await a.byTestId("selected-file").waitFor();
    await a.send(text);
    await a.byTestId("upload-cancel").click();
    await a.message(text).waitFor({ state: "detached" });
    assert.equal(await a.byTestId("upload-progress").count(), 0);
    await a.page.waitForTimeout(2000);
    assert.equal(a.wallet.transactionRequests, txBefore, "no transaction for a cancelled message");
    assert.equal(await a.message(text).count(), 0);
  });

  step("B sees both attachments (name, size, type) with no content fetched", async () => {
    const message = await b.waitForMessage(TEXT, a.address);
    await attachment(b, BIG_NAME).waitFor();
    assert.deepEqual(
      await message.getByTestId("attachment").evaluateAll((nodes) => nodes.map((n) => [n.getAttribute("data-name"), n.getAttribute("data-size"), n.getAttribute("data-type")])),
      [
        [BIG_NAME, String(big.length), "application/octet-stream"],
        [IMAGE_NAME, String(PNG.length), "image/png"],
      ],
    );
    assert.match(await attachment(b, BIG_NAME).innerText(), /10\.0 MiB/);
    assert.match(await attachment(b, IMAGE_NAME).getByText(/IP address/).innerText(), /peers/);
    const stored = await countStoredBlocks(b);
    assert.ok(stored < 10, `B's blockstore holds ${stored} blocks: no attachment content (≥ 11 blocks) was fetched`);
    assert.equal(await b.page.locator('img[src^="blob:"]').count(), 0);
  });

  step("B downloads the file: original name, same SHA-256; the image previews only after a click", async () => {
    const before = await countStoredBlocks(b);
    const saved = await download(b, BIG_NAME);
    assert.equal(saved.name, BIG_NAME);
    assert.equal(saved.bytes.length, big.length);
    assert.equal(sha256(saved.bytes), sha256(big));
    assert.ok((await countStoredBlocks(b)) >= before + 10, "the download fetched the file's blocks");
    assert.equal(await preview(b), 1, "the PNG decodes (1×1)");
  });

  step("with A gone, B on a fresh context (empty IndexedDB) still opens both from the pinning node", async () => {
    await a.close();
    await b.close();
    b = await suite.open("bob-fresh", bob.privateKey, `/channels/${channelId}`);
    await b.connectAndUnlock();
    await b.waitForMessage(TEXT, a.address);
    await attachment(b, IMAGE_NAME).waitFor();
    const saved = await download(b, BIG_NAME);
    assert.equal(sha256(saved.bytes), sha256(big));
    assert.equal(await preview(b), 1);
  });

  step("a cancelled download and a tampered block both leave a failed browser download, not a short file", async () => {
    await b.close();
    b = await suite.open("bob-tamper", bob.privateKey, `/channels/${channelId}`);
    await b.connectAndUnlock();
    await b.waitForMessage(TEXT, a.address);
    await attachment(b, BIG_NAME).waitFor();

    await routeGateway(b.page, async (route) => {
      await b.page.waitForTimeout(300);
      await route.continue();
    });
    const cancelled = await startDownload(b, BIG_NAME);
    await attachment(b, BIG_NAME).getByTestId("download-progress").waitFor();
    await attachment(b, BIG_NAME).getByTestId("attachment-cancel").click();
    const cancelFailure = await cancelled.failure();
    log(`cancelled download: ${cancelFailure}`);
    assert.notEqual(cancelFailure, null, "the browser download fails when cancelled in the app");
    assert.equal(await attachment(b, BIG_NAME).getByTestId("attachment-error").count(), 0, "cancelling is not an error");
    await b.page.unrouteAll({ behavior: "ignoreErrors" });

    let served = 0;
    await routeGateway(b.page, async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      // Blocks go out in file order: the fifth is a leaf in the middle, after the first MiBs were saved.
      if (++served === 5) body[body.length >> 1]! ^= 0xff;
      await route.fulfill({ response, body });
    });
    const tampered = await startDownload(b, BIG_NAME);
    const tamperFailure = await tampered.failure();
    log(`tampered download: ${tamperFailure}`);
    assert.notEqual(tamperFailure, null, "the browser download fails on a block that does not match its CID");
    await assert.rejects(tampered.path(), "no file is left as complete");
    assert.match(await attachment(b, BIG_NAME).getByTestId("attachment-error").innerText(), /does not match its CID/);
    // Blocks still in flight must not reach the route handler once the context is closed.
    await b.page.unrouteAll({ behavior: "ignoreErrors" });
  });
});
