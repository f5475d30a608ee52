import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { CarBlockIterator } from "@ipld/car/iterator";
import { CarWriter } from "@ipld/car/writer";
import { MemoryBlockstore } from "blockstore-core/memory";
import { MemoryDatastore } from "datastore-core/memory";
import type { CID } from "multiformats/cid";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import {
  addFileStream,
  carParts,
  catFileStream,
  createClientNode,
  createGatewayBlockstore,
  exportCar,
  IpfsNodeStartError,
  parseCid,
  PinningBadRequestError,
  readBlockBytes,
  verifyBlock,
  walkDag,
  type Block,
  type CairnNode,
} from "@cairn/core/ipfs";
import { startPinningNode, type PinningNode } from "../../../scripts/ipfs/startPinningNode.js";
import { signedInClient } from "../ipfs/signedInClient.js";
import { digestOf, MiB, pattern } from "../ipfs/testBytes.js";

const ALICE = generatePrivateKey();

const MAX_CAR = 8 * MiB;

async function toArray<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(Buffer.concat(await toArray(source)));
}

async function fileDag(size: number, offset: number): Promise<{ blockstore: MemoryBlockstore; root: CID; blocks: Block[] }> {
  const blockstore = new MemoryBlockstore();
  const root = await addFileStream({ blockstore }, pattern(size, MiB, undefined, offset));
  const blocks = await toArray(walkDag(blockstore, root));
  return { blockstore, root, blocks };
}

async function carOf(roots: CID[], blocks: Block[]): Promise<Uint8Array> {
  const { writer, out } = CarWriter.create(roots);
  const bytes = collect(out);
  for (const block of blocks) await writer.put(block);
  await writer.close();
  return await bytes;
}

function clientNode(bootstrap: string[]): Promise<CairnNode> {
  return createClientNode({ bootstrap, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });
}

describe("pinning node", () => {
  let dataDir: string;
  let node: PinningNode;
  const start = (wsPort = 0) => startPinningNode({ dataDir, wsPort, apiPort: 0, maxCarBytes: MAX_CAR });
  const client = () => signedInClient(node.apiUrl, { privateKey: ALICE, backoffMs: 10 });
  const raw = async (path: string, init: RequestInit = {}) =>
    fetch(`${node.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${await client().token()}`, ...init.headers } });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-pin-"));
    node = await start();
  });

  afterAll(async () => {
    await node?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("pins an uploaded CAR, and after a restart still lists and serves it", async () => {
    const { blockstore, root } = await fileDag(5 * MiB + 3, 1);
    const status = await client().uploadCar(() => exportCar(blockstore, root), { name: "five" });
    expect(status.status).toBe("pinned");
    expect(status.pin).toMatchObject({ cid: root.toString(), name: "five" });
    expect((await client().waitPinned(root)).requestid).toBe(status.requestid);
    const health = await (await fetch(`${node.apiUrl}/health`)).json();
    expect(health).toMatchObject({ peerId: node.peerId, pins: 1 });

    const peerId = node.peerId;
    await node.stop();
    node = await start();
    expect(node.peerId).toBe(peerId);
    expect(node.multiaddrs[0]).toMatch(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/ws/p2p/${peerId}$`));
    expect((await client().status(status.requestid)).status).toBe("pinned");

    const reader = await clientNode(node.multiaddrs);
    try {
      const served = await digestOf(catFileStream(reader.helia, root, { timeoutMs: 10_000 }));
      expect(served).toEqual(await digestOf(pattern(5 * MiB + 3, MiB, undefined, 1)));
    } finally {
      await reader.stop();
    }
  });

  it("answers 400 to a malformed CID", async () => {
    const post = await raw("/pins", { method: "POST", body: JSON.stringify({ cid: "bafy-not-a-cid" }) });
    expect(post.status).toBe(400);
    expect(await post.json()).toMatchObject({ error: { reason: "BAD_REQUEST" } });
    expect((await raw("/pins?cid=zzz")).status).toBe(400);
    expect((await raw("/pins/%E0%A4%A")).status).toBe(400);
    expect((await fetch(`${node.apiUrl}/ipfs/%E0%A4%A`)).status).toBe(400);
    expect((await raw("/pins", { method: "POST", body: "not json" })).status).toBe(400);
  });

  it("rejects bad CARs with 400 and a reason, and pins nothing", async () => {
    const { root, blocks } = await fileDag(3 * MiB, 2);
    const garbage = signedInClient(node.apiUrl, { privateKey: ALICE, maxAttempts: 1 });
    await expect(garbage.uploadCar(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).rejects.toBeInstanceOf(PinningBadRequestError);

    const tampered = blocks.map((b, i) => (i === 2 ? { cid: b.cid, bytes: new Uint8Array(b.bytes.length) } : b));
    await expect(garbage.uploadCar(await carOf([root], tampered))).rejects.toThrow(/does not match its CID/);

    const incomplete = await carOf([root], blocks.slice(0, -1));
    await expect(garbage.uploadCar(incomplete)).rejects.toThrow(/incomplete/);

    const truncated = (await carOf([root], blocks)).subarray(0, 2 * MiB);
    await expect(garbage.uploadCar(truncated)).rejects.toBeInstanceOf(PinningBadRequestError);

    expect((await garbage.list({ cid: [root] })).count).toBe(0);
  });

  it("answers 413 to a CAR over the size limit, declared or streamed", async () => {
    const { blockstore, root } = await fileDag(MAX_CAR + MiB, 3);
    const big = await collect(exportCar(blockstore, root));
    const declared = await raw("/car", { method: "POST", body: big });
    expect(declared.status).toBe(413);
    const streamed = signedInClient(node.apiUrl, { privateKey: ALICE, maxAttempts: 1 });
    await expect(streamed.uploadCar(exportCar(blockstore, root))).rejects.toMatchObject({ status: 413 });
    expect((await streamed.list({ cid: [root] })).count).toBe(0);
  });

  it("pins by bitswap from a connected browser-like node (POST /pins), then serves it to another", async () => {
    const writer = await clientNode(node.multiaddrs);
    let cid: CID;
    try {
      cid = await addFileStream(writer.helia, pattern(2 * MiB + 5, 256 * 1024, undefined, 4));
      const pinning = client();
      const requested = await pinning.pin(cid, { name: "bitswap" });
      expect(["queued", "pinning", "pinned"]).toContain(requested.status);
      const pinned = await pinning.waitPinned(cid, { timeoutMs: 30_000 });
      expect(pinned.status).toBe("pinned");
      expect(pinned.requestid).toBe(requested.requestid);
      expect(await pinning.pin(cid)).toEqual(pinned);
    } finally {
      await writer.stop();
    }
    const reader = await clientNode(node.multiaddrs);
    try {
      expect(await digestOf(catFileStream(reader.helia, cid, { timeoutMs: 10_000 }))).toEqual(
        await digestOf(pattern(2 * MiB + 5, MiB, undefined, 4)),
      );
    } finally {
      await reader.stop();
    }
  });

  it("lists, fetches and removes pin requests", async () => {
    const pinning = client();
    const { count, results } = await pinning.list();
    expect(count).toBe(2);
    const [newest] = results;
    expect((await pinning.status(newest!.requestid)).pin.cid).toBe(newest!.pin.cid);
    await pinning.remove(newest!.requestid);
    expect((await pinning.list()).count).toBe(1);
    await expect(pinning.status(newest!.requestid)).rejects.toMatchObject({ status: 404 });
  });

  it("uploads a DAG bigger than the CAR limit in parts, pinning it only with the final part", async () => {
    const size = MAX_CAR + 3 * MiB;
    const { blockstore, root } = await fileDag(size, 9);
    const first = await carParts(blockstore, root, { partBytes: 2 * MiB }).next();
    const part = await raw("/car?upload=first-part-only&partial=1", { method: "POST", body: new Blob([first.value as Uint8Array<ArrayBuffer>]) });
    expect(await part.json()).toEqual({ blocks: 3, bytes: 2 * MiB + (await readBlockBytes(blockstore, root)).length });
    expect((await client().list({ cid: [root], status: ["queued", "pinning", "pinned", "failed"] })).count).toBe(0);

    const progress: number[] = [];
    const status = await client().uploadDag(blockstore, root, { partBytes: 2 * MiB, name: "big", onProgress: (n) => progress.push(n) });
    expect(status).toMatchObject({ status: "pinned", pin: { cid: root.toString(), name: "big" } });
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.at(-1)!).toBeGreaterThan(size);
    const gateway = createGatewayBlockstore({ url: node.apiUrl, local: new MemoryBlockstore() });
    expect(await digestOf(catFileStream({ blockstore: gateway }, root))).toEqual(await digestOf(pattern(size, MiB, undefined, 9)));
  });

  it("serves held blocks over the trustless gateway (GET /ipfs/<cid>), raw or as a CAR", async () => {
    const { blockstore, root, blocks } = await fileDag(4 * MiB + 9, 5);
    await client().uploadCar(() => exportCar(blockstore, root));
    const gateway = createGatewayBlockstore({ url: node.apiUrl, local: new MemoryBlockstore() });
    expect(await digestOf(catFileStream({ blockstore: gateway }, root))).toEqual(await digestOf(pattern(4 * MiB + 9, MiB, undefined, 5)));

    const car = await CarBlockIterator.fromBytes(new Uint8Array(await (await fetch(`${node.apiUrl}/ipfs/${root}?format=car`)).arrayBuffer()));
    expect((await car.getRoots()).map(String)).toEqual([root.toString()]);
    const received: string[] = [];
    for await (const block of car) {
      await verifyBlock(block.cid, block.bytes);
      received.push(block.cid.toString());
    }
    expect(received.sort()).toEqual(blocks.map((b) => b.cid.toString()).sort());

    const unknown = (await fileDag(10, 6)).root;
    expect((await fetch(`${node.apiUrl}/ipfs/${unknown}`)).status).toBe(404);
    expect((await fetch(`${node.apiUrl}/ipfs/not-a-cid`)).status).toBe(400);
  });

  it("collects the blocks of removed pins at restart and keeps every pinned block", async () => {
    const removed = await fileDag(2 * MiB + 1, 7);
    const kept = await fileDag(2 * MiB + 1, 8);
    const statuses = [];
    for (const { blockstore, root } of [removed, kept]) statuses.push(await client().uploadCar(() => exportCar(blockstore, root)));
    await client().remove(statuses[0]!.requestid);
    const before = (await client().list()).results.map((r) => r.pin.cid);
    await node.stop();
    node = await start();
    const status = async (cid: CID) => (await fetch(`${node.apiUrl}/ipfs/${cid}`)).status;
    for (const block of removed.blocks) expect(await status(block.cid)).toBe(404);
    for (const block of kept.blocks) expect(await status(block.cid)).toBe(200);
    expect(before).toContain(kept.root.toString());
    for (const cid of before) {
      const gateway = createGatewayBlockstore({ url: node.apiUrl, local: new MemoryBlockstore() });
      for await (const _block of walkDag(gateway, parseCid(cid), { timeoutMs: 5_000 }));
    }
  });

  it("client nodes redial the pinning node after it restarts, or dial it once it comes up", async () => {
    const wsPort = Number(/\/tcp\/(\d+)\//.exec(node.multiaddrs[0]!)![1]);
    const bootstrap = node.multiaddrs;
    const options = { bootstrap, redial: { initialMs: 100, maxMs: 400 } };
    const memory = () => ({ blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });
    const peers: CairnNode[] = [await createClientNode({ ...options, ...memory() })];
    try {
      const connected = (peer: CairnNode) => peer.helia.libp2p.getConnections().some((c) => c.remotePeer.toString() === node.peerId);
      expect(connected(peers[0]!)).toBe(true);
      await node.stop();
      await expect(createClientNode({ ...options, ...memory() })).rejects.toBeInstanceOf(IpfsNodeStartError);
      peers.push(await createClientNode({ ...options, ...memory(), waitForBootstrap: false }));
      expect(connected(peers[1]!)).toBe(false);
      node = await start(wsPort);
      const deadline = Date.now() + 15_000;
      while (!peers.every(connected) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
      expect(peers.map(connected)).toEqual([true, true]);
    } finally {
      await Promise.all(peers.map((peer) => peer.stop()));
    }
  });
});
