import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { build } from "esbuild";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import type { createIndexedDbLogStore } from "@cairn/core/chain";
import { createLogCache, type LogCacheStore } from "@cairn/core/chain";
import { createFileLogStore } from "../../../scripts/cli/createFileLogStore.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SCOPE = { chainId: 11155111, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", deploymentHash: "0xd1" } as const;

declare global {
  var cairnLogs: { createIndexedDbLogStore: typeof createIndexedDbLogStore; createLogCache: typeof createLogCache };
}

/** A record with bigints beyond 2^53, as the sync engine writes them. */
const record = (logs: number) => ({
  fromBlock: 1n,
  syncedBlock: 2n ** 70n,
  logs: Array.from({ length: logs }, (_, n) => ({ blockNumber: 2n ** 64n + BigInt(n), args: { channelId: 2n ** 90n, epoch: 3n }, data: "0xab" })),
  blocks: [{ number: 2n ** 70n, hash: "0xabcdef" as const }],
});

describe("the CLI's file log store", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-logs-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps records with their bigints across processes (a new store on the same directory), bounded by the cache", async () => {
    const first: LogCacheStore = createFileLogStore(dir);
    const cache = createLogCache(first, SCOPE, { maxLogs: 10 });
    await cache.write("a", record(4));
    await cache.write("b", record(4));
    const reopened = createLogCache(createFileLogStore(dir), SCOPE, { maxLogs: 10 });
    expect(await reopened.read("a")).toEqual(record(4));
    await reopened.write("c", record(4));
    expect(await reopened.read("a")).toBeUndefined();
    expect((await createFileLogStore(dir).list()).map((entry) => [entry.key.split("/").at(-1), entry.size])).toEqual([
      ["b", 4],
      ["c", 4],
    ]);
    const reset = createLogCache(createFileLogStore(dir), { ...SCOPE, deploymentHash: "0xd2" });
    expect(await reset.read("b")).toBeUndefined();
    expect(await createFileLogStore(dir).list()).toEqual([]);
  });
});

describe("the browser's IndexedDB log store, in Chromium", () => {
  let server: Server;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    const bundle = await build({ entryPoints: [join(HERE, "browser", "logStoreEntry.ts")], bundle: true, format: "esm", platform: "browser", write: false, logLevel: "error" });
    const js = bundle.outputFiles[0]!.text;
    server = createServer((req, res) => {
      if (req.url === "/bundle.js") res.writeHead(200, { "content-type": "text/javascript" }).end(js);
      else res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script type="module" src="/bundle.js"></script>');
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  const open = async (page: Page) => {
    await page.goto(url);
    await page.waitForFunction(() => globalThis.cairnLogs !== undefined);
  };

  it("keeps records with their bigints across a reload, evicts the oldest past the bound, and forgets a reset chain", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await open(page);
    await page.evaluate(
      async ({ scope, written }) => {
        const { createIndexedDbLogStore, createLogCache } = globalThis.cairnLogs;
        const cache = createLogCache(createIndexedDbLogStore(), scope, { maxLogs: 10 });
        await cache.write("a", written);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await cache.write("b", written);
      },
      { scope: SCOPE, written: record(4) },
    );
    await open(page);
    const afterReload = await page.evaluate(async (scope) => {
      const { createIndexedDbLogStore, createLogCache } = globalThis.cairnLogs;
      const store = createIndexedDbLogStore();
      const cache = createLogCache(store, scope, { maxLogs: 10 });
      const a = await cache.read("a");
      await new Promise((resolve) => setTimeout(resolve, 5));
      await cache.write("c", a!);
      const kept = (await store.list()).map((entry) => entry.key.split("/").at(-1)).sort();
      const reset = createLogCache(store, { ...scope, deploymentHash: "0xd2" });
      const afterReset = await reset.read("b");
      return { a, kept, afterReset, left: (await store.list()).length };
    }, SCOPE);
    expect(afterReload.a).toEqual(record(4));
    expect(afterReload.kept).toEqual(["b", "c"]);
    expect(afterReload.afterReset).toBeUndefined();
    expect(afterReload.left).toBe(0);
    await context.close();
  }, 60_000);
});
