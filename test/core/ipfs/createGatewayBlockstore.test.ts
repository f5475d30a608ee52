import { afterEach, describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core/memory";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { BlockHashMismatchError, BlockNotFoundError, BlockUnavailableError, createGatewayBlockstore, createStorage, RAW_CODEC } from "@cairn/core/ipfs";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const cidOf = async (data: Uint8Array): Promise<CID> => CID.createV1(RAW_CODEC, await sha256.digest(data));

/** A loopback gateway serving `blocks` (by CID string) and counting requests. */
async function gateway(blocks: Map<string, Uint8Array>): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url!);
    const cid = /^\/ipfs\/([^?]+)\?format=raw$/.exec(req.url!)?.[1];
    const block = cid === undefined ? undefined : blocks.get(cid);
    if (block === undefined) res.writeHead(404).end();
    else res.writeHead(200, { "content-type": "application/vnd.ipld.raw" }).end(block);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

describe("createGatewayBlockstore", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((done) => server?.close(done) ?? done(undefined));
  });

  it("fetches missing blocks from the gateway once, verifies them and caches them locally", async () => {
    const data = bytes("ciphertext on the gateway");
    const cid = await cidOf(data);
    const served = await gateway(new Map([[cid.toString(), data]]));
    server = served.server;
    const local = new MemoryBlockstore();
    const storage = createStorage({ blockstore: createGatewayBlockstore({ url: served.url, local }) });
    expect(await storage.getBlock(cid)).toEqual(data);
    expect(await storage.getBlock(cid)).toEqual(data);
    expect(served.requests).toEqual([`/ipfs/${cid}?format=raw`]);
    expect(await local.has(cid)).toBe(true);
  });

  it("rejects a block the gateway tampered with and does not cache it", async () => {
    const cid = await cidOf(bytes("the real block"));
    const served = await gateway(new Map([[cid.toString(), bytes("a forged block")]]));
    server = served.server;
    const local = new MemoryBlockstore();
    const storage = createStorage({ blockstore: createGatewayBlockstore({ url: served.url, local }) });
    await expect(storage.getBlock(cid)).rejects.toBeInstanceOf(BlockHashMismatchError);
    expect(await local.has(cid)).toBe(false);
  });

  it("falls back to the local store when the gateway lacks the block or is down, and stays local when offline", async () => {
    const cid = await cidOf(bytes("nowhere"));
    const served = await gateway(new Map());
    server = served.server;
    const storage = createStorage({ blockstore: createGatewayBlockstore({ url: served.url, local: new MemoryBlockstore() }) });
    await expect(storage.getBlock(cid)).rejects.toBeInstanceOf(BlockNotFoundError);
    await expect(storage.getBlock(cid, { offline: true })).rejects.toBeInstanceOf(BlockNotFoundError);
    expect(served.requests).toHaveLength(1);
    const down = createStorage({ blockstore: createGatewayBlockstore({ url: "http://127.0.0.1:9", local: new MemoryBlockstore() }) });
    await expect(down.getBlock(cid)).rejects.toBeInstanceOf(BlockNotFoundError);
  });

  it("reads at most the block size cap of a reply, declared or streamed, and then falls back", async () => {
    const cid = await cidOf(bytes("a small block"));
    let streamed = 0;
    const endless = createServer((req, res) => {
      const declare = req.url!.includes("declared");
      res.writeHead(200, declare ? { "content-length": String(64 * 1024 * 1024) } : {});
      const pump = (): void => {
        while (!res.destroyed && streamed < 64 * 1024 * 1024) {
          streamed += 65_536;
          if (!res.write(new Uint8Array(65_536))) return void res.once("drain", pump);
        }
      };
      pump();
    });
    await new Promise<void>((done) => endless.listen(0, "127.0.0.1", done));
    server = endless;
    const url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}`;
    for (const path of [url, `${url}/declared`]) {
      const storage = createStorage({ blockstore: createGatewayBlockstore({ url: path, local: new MemoryBlockstore(), maxBlockBytes: 1024 * 1024 }) });
      await expect(storage.getBlock(cid)).rejects.toBeInstanceOf(BlockNotFoundError);
    }
    endless.closeAllConnections();
    expect(streamed).toBeLessThan(16 * 1024 * 1024);
  });

  describe("peersFirstMs (messages)", () => {
    /** A local store whose network fetch answers `block` after `delayMs`, or never (until aborted). */
    function slowLocal(block: { cid: CID; bytes: Uint8Array; delayMs: number } | undefined) {
      const store = new MemoryBlockstore();
      const asked: string[] = [];
      return {
        asked,
        has: (cid: CID) => store.has(cid),
        put: (cid: CID, data: Uint8Array) => store.put(cid, data),
        get(cid: CID, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
          asked.push(cid.toString());
          return new Promise((resolve, reject) => {
            const timer = block?.cid.equals(cid) ? setTimeout(() => resolve(block.bytes), block.delayMs) : undefined;
            options.signal?.addEventListener("abort", () => {
              clearTimeout(timer);
              reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
            });
          });
        },
      };
    }

    it("takes a block the peers answer in time without asking the gateway", async () => {
      const data = bytes("a message from a connected peer");
      const cid = await cidOf(data);
      const served = await gateway(new Map([[cid.toString(), data]]));
      server = served.server;
      const local = slowLocal({ cid, bytes: data, delayMs: 20 });
      const storage = createStorage({ blockstore: createGatewayBlockstore({ url: served.url, local, peersFirstMs: 1_000 }) });
      expect(await storage.getBlock(cid)).toEqual(data);
      expect(served.requests).toEqual([]);
    });

    it("asks the gateway once the peers have been silent for peersFirstMs, and keeps what it answers", async () => {
      const data = bytes("a message pinned on another node");
      const cid = await cidOf(data);
      const served = await gateway(new Map([[cid.toString(), data]]));
      server = served.server;
      const local = slowLocal(undefined);
      const started = Date.now();
      const storage = createStorage({ blockstore: createGatewayBlockstore({ url: served.url, local, peersFirstMs: 200 }) });
      expect(await storage.getBlock(cid, { timeoutMs: 5_000 })).toEqual(data);
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      expect(served.requests).toEqual([`/ipfs/${cid}?format=raw`]);
      expect(local.asked).toEqual([cid.toString()]);
      expect(await local.has(cid)).toBe(true);
    });

    it("keeps waiting for the peers when the gateway lacks the block, and reports the peers' failure", async () => {
      const data = bytes("a late message");
      const cid = await cidOf(data);
      const served = await gateway(new Map());
      server = served.server;
      const late = createStorage({ blockstore: createGatewayBlockstore({ url: served.url, local: slowLocal({ cid, bytes: data, delayMs: 400 }), peersFirstMs: 50 }) });
      expect(await late.getBlock(cid, { timeoutMs: 5_000 })).toEqual(data);
      expect(served.requests).toHaveLength(1);
      const nowhere = createStorage({ blockstore: createGatewayBlockstore({ url: served.url, local: slowLocal(undefined), peersFirstMs: 50 }) });
      await expect(nowhere.getBlock(cid, { timeoutMs: 500 })).rejects.toBeInstanceOf(BlockUnavailableError);
    });
  });
});
