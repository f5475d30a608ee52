import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { build } from "esbuild";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import type { PrivateKeyAccount } from "viem/accounts";
import type * as Ipfs from "@cairn/core/ipfs";
import { startPinningNode, type PinningNode } from "../../../scripts/ipfs/startPinningNode.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

declare global {
  var cairnIpfs: typeof Ipfs;
  var cairnAccount: PrivateKeyAccount;
}

/** core/ipfs bundled for the browser (browser export conditions), served with a page from a loopback origin. */
async function servePage(): Promise<{ server: Server; url: string }> {
  const bundle = await build({ entryPoints: [join(HERE, "browser", "entry.ts")], bundle: true, format: "esm", platform: "browser", write: false, logLevel: "error" });
  const js = bundle.outputFiles[0]!.text;
  const server = createServer((req, res) => {
    if (req.url === "/bundle.js") res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    else res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script type="module" src="/bundle.js"></script>');
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

async function open(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => globalThis.cairnIpfs !== undefined);
  return page;
}

describe("createBrowserNode in Chromium", () => {
  let dataDir: string;
  let node: PinningNode;
  let page: { server: Server; url: string };
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-browser-"));
    page = await servePage();
    node = await startPinningNode({ dataDir, wsPort: 0, apiPort: 0, allowOrigins: [new URL(page.url).origin] });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    page?.server.close();
    await node?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("stores, pins (CAR and bitswap), shares between browsers, and keeps blocks and peer id across reloads", async () => {
    const context = { bootstrap: node.multiaddrs, api: node.apiUrl };
    const writer = await open(browser, page.url);
    const written = await writer.evaluate(async ({ bootstrap, api }) => {
      const ipfs = globalThis.cairnIpfs;
      const cairn = await ipfs.createBrowserNode({ dbName: "writer", bootstrap });
      const account = globalThis.cairnAccount;
      const signMessage = (message: string) => account.signMessage({ message });
      const auth = ipfs.createPinningAuth({ url: api, account: account.address, chainId: 31337, origin: location.origin, signMessage });
      const pinning = ipfs.createPinningClient({ url: api, auth });
      const viaCar = await cairn.storage.putBlock(new TextEncoder().encode("uploaded as a CAR"));
      const car = await pinning.uploadCar(() => ipfs.exportCar(cairn.helia.blockstore, viaCar));
      const viaBitswap = await cairn.storage.putBlock(new TextEncoder().encode("pulled by bitswap"));
      await pinning.pin(viaBitswap);
      const bitswap = await pinning.waitPinned(viaBitswap, { intervalMs: 50, timeoutMs: 20_000 });
      await cairn.stop();
      return { peerId: cairn.peerId, cids: [viaCar.toString(), viaBitswap.toString()], statuses: [car.status, bitswap.status] };
    }, context);
    expect(written.statuses).toEqual(["pinned", "pinned"]);

    const reader = await open(browser, page.url);
    const read = await reader.evaluate(async ({ bootstrap, cids }) => {
      const cairn = await globalThis.cairnIpfs.createBrowserNode({ dbName: "reader", bootstrap });
      try {
        const blocks = await Promise.all(cids.map((cid) => cairn.storage.getBlock(cid, { timeoutMs: 15_000 })));
        return { peerId: cairn.peerId, texts: blocks.map((bytes) => new TextDecoder().decode(bytes)) };
      } finally {
        await cairn.stop();
      }
    }, { ...context, cids: written.cids });
    expect(read.texts).toEqual(["uploaded as a CAR", "pulled by bitswap"]);
    expect(read.peerId).not.toBe(written.peerId);

    await writer.reload();
    await writer.waitForFunction(() => globalThis.cairnIpfs !== undefined);
    const reloaded = await writer.evaluate(async ({ bootstrap, cids }) => {
      const cairn = await globalThis.cairnIpfs.createBrowserNode({ dbName: "writer", bootstrap });
      try {
        const local = await Promise.all(cids.map((cid) => cairn.storage.getBlock(cid, { offline: true, timeoutMs: 2_000 })));
        return { peerId: cairn.peerId, texts: local.map((bytes) => new TextDecoder().decode(bytes)) };
      } finally {
        await cairn.stop();
      }
    }, { ...context, cids: written.cids });
    expect(reloaded).toEqual({ peerId: written.peerId, texts: ["uploaded as a CAR", "pulled by bitswap"] });
  });
});
