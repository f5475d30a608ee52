/**
 * The pinning node's uploads, attacked and stressed: crafted CARs offering tens of MB of identity or
 * tiny blocks (memory stays bounded, the CAR is refused, nothing stays), unreachable blocks,
 * trickling connections, refused bodies that are not drained, racing uploads of one CAR,
 * provisional pins and lost multi-part uploads.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import * as dagPb from "@ipld/dag-pb";
import { CarWriter } from "@ipld/car/writer";
import { MemoryBlockstore } from "blockstore-core/memory";
import { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { sha256 } from "multiformats/hashes/sha2";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { addFileStream, carParts, encodeCar, exportCar, RAW_CODEC, walkDag, type Block } from "@cairn/core/ipfs";
import { spawnPinningNode, type SpawnedPinningNode } from "../../../scripts/ipfs/spawnPinningNode.js";
import { startPinningNode, type PinningNode } from "../../../scripts/ipfs/startPinningNode.js";
import { signedInClient, type SignedInClient } from "../ipfs/signedInClient.js";
import { MiB, pattern } from "../ipfs/testBytes.js";

const HEADERS_MS = 2_000;
const REQUEST_MS = 6_000;
const GRACE_MS = 1_500;
/** Node checks connections against their timeouts once a second; the rest is for a loaded machine. */
const CHECK_SLACK_MS = 4_000;

async function rawBlock(bytes: Uint8Array): Promise<Block> {
  return { cid: CID.createV1(RAW_CODEC, await sha256.digest(bytes)), bytes };
}

async function dagPbBlock(links: CID[]): Promise<Block> {
  const bytes = dagPb.encode(dagPb.prepare({ Links: links.map((Hash) => ({ Hash })) }));
  return { cid: CID.createV1(dagPb.code, await sha256.digest(bytes)), bytes };
}

/**
 * POST a CAR to `/car` as an attacker would, over a raw socket with a chunked body written as
 * it is produced (never held whole in memory), until the server answers or closes. Resolves
 * with the answer's status and body and how many CAR bytes were written.
 */
async function rawUpload(apiUrl: string, token: string, root: CID, blocks: () => AsyncGenerator<Block>): Promise<{ status: number; body: string; written: number }> {
  const { writer, out } = CarWriter.create([root]);
  void (async () => {
    for await (const block of blocks()) await writer.put(block);
    await writer.close();
  })().catch(() => undefined);
  const { hostname, port } = new URL(apiUrl);
  const socket = connect(Number(port), hostname);
  let answer = "";
  let written = 0;
  let closed = false;
  socket.on("data", (data) => (answer += data.toString("latin1")));
  socket.on("error", () => undefined);
  const done = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  socket.once("close", () => (closed = true));
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  socket.write(`POST /car HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\nTransfer-Encoding: chunked\r\n\r\n`);
  for await (const chunk of out) {
    if (closed || answer.includes("\r\n\r\n")) break;
    written += chunk.length;
    const ok = socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]));
    if (!ok) await Promise.race([new Promise((resolve) => socket.once("drain", resolve)), done]);
    else await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.race([done, sleep(120_000)]);
  socket.destroy();
  return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 0), body: /\{.*\}/s.exec(answer)?.[0] ?? "", written };
}

/** Resident memory of a process (Linux /proc). */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** The highest resident memory of process `pid` seen while `run` runs, above what it was before. */
async function rssGrowth<T>(pid: number, run: () => Promise<T>): Promise<{ value: T; growth: number }> {
  const base = await rssOf(pid);
  let peak = base;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rssOf(pid));
      await sleep(10);
    }
  })();
  try {
    const value = await run();
    return { value, growth: Math.max(0, peak - base) };
  } finally {
    sampling = false;
    await sampler;
  }
}

/** What the crafted CARs may add to the node's resident memory. */
const RSS_BOUND = 96 * MiB;

describe("pinning node uploads", () => {
  let dataDir: string;
  let node: PinningNode;
  let client: SignedInClient;
  const served = async (cid: CID) => (await fetch(`${node.apiUrl}/ipfs/${cid}?format=raw`)).status;
  const post = async (body: BodyInit, query = "") =>
    fetch(`${node.apiUrl}/car${query}`, { method: "POST", headers: { authorization: `Bearer ${await client.token()}` }, body, duplex: "half" } as RequestInit);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-pin-uploads-"));
    node = await startPinningNode({
      dataDir,
      wsPort: 0,
      apiPort: 0,
      provisionalGraceMs: GRACE_MS,
      timeouts: { headersMs: HEADERS_MS, requestMs: REQUEST_MS, jsonBodyMs: HEADERS_MS },
      dagLimits: { maxDagBlocks: 20_000 },
    });
    client = signedInClient(node.apiUrl, { backoffMs: 10, maxAttempts: 1 });
  });

  afterAll(async () => {
    await node?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe("crafted CARs (identity, unreachable or tiny blocks), against a node in its own process, its resident memory measured", () => {
    const TENS_OF_MB = 40 * MiB;
    const MAX_DAG_BLOCKS = 10_000;
    let spawned: SpawnedPinningNode;
    let spawnedDir: string;
    let uploader: SignedInClient;
    const upload = async (root: CID, blocks: () => AsyncGenerator<Block>) => rawUpload(spawned.apiUrl, await uploader.token(), root, blocks);
    const servedThere = async (cid: CID) => (await fetch(`${spawned.apiUrl}/ipfs/${cid}?format=raw`)).status;

    beforeAll(async () => {
      spawnedDir = await mkdtemp(join(tmpdir(), "cairn-pin-crafted-"));
      spawned = await spawnPinningNode({ dataDir: spawnedDir, env: { CAIRN_PIN_MAX_DAG_BLOCKS: String(MAX_DAG_BLOCKS) } });
      uploader = signedInClient(spawned.apiUrl, { maxAttempts: 1 });
    });

    afterAll(async () => {
      await spawned?.stop();
      if (spawnedDir) await rm(spawnedDir, { recursive: true, force: true });
    });

    it("of identity blocks: refused at the first one, heap bounded, nothing stored", async () => {
      const root = (await rawBlock(new Uint8Array([1]))).cid;
      let sent = 0;
      async function* identities(): AsyncGenerator<Block> {
        for (let i = 0; sent < TENS_OF_MB; i++) {
          const bytes = new TextEncoder().encode(`identity block ${i} ${"x".repeat(24)}`);
          sent += bytes.length + 40;
          yield { cid: CID.createV1(RAW_CODEC, identity.digest(bytes)), bytes };
        }
      }
      const { value: answer, growth } = await rssGrowth(spawned.child.pid!, () => upload(root, identities));
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { reason: "IDENTITY_CID" } });
      console.log(`identity-block CAR: refused after ${(answer.written / MiB).toFixed(1)} MiB written, node RSS growth ${(growth / MiB).toFixed(1)} MiB`);
      expect(growth).toBeLessThan(RSS_BOUND);
      expect(answer.written).toBeLessThan(TENS_OF_MB);
    });

    it("of tiny blocks no root reaches: refused at the first one, which is never stored or served", async () => {
      const root = await rawBlock(new TextEncoder().encode("the root"));
      const stray = await rawBlock(new TextEncoder().encode("a block nothing links to"));
      let sent = 0;
      async function* tiny(): AsyncGenerator<Block> {
        yield root;
        yield stray;
        for (let i = 0; sent < TENS_OF_MB; i++) {
          const block = await rawBlock(new TextEncoder().encode(`tiny ${i}`));
          sent += 50;
          yield block;
        }
      }
      const { value: answer, growth } = await rssGrowth(spawned.child.pid!, () => upload(root.cid, tiny));
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { reason: "UNREACHABLE_BLOCK" } });
      console.log(`unreachable tiny-block CAR: refused after ${(answer.written / MiB).toFixed(1)} MiB written, node RSS growth ${(growth / MiB).toFixed(1)} MiB`);
      expect(growth).toBeLessThan(RSS_BOUND);
      expect(await servedThere(stray.cid)).toBe(404);
      expect(await servedThere(root.cid)).toBe(404);
    });

    it("of reachable tiny blocks (a long chain): memory does not grow with the block count, refused past the block limit, nothing left", async () => {
      // node i links node i+1 and a 500-byte leaf: the set of pending links stays at 2.
      const LENGTH = 6_000;
      const leaves: Block[] = [];
      for (let i = 0; i < LENGTH; i++) leaves.push(await rawBlock((await pattern(500, 500, undefined, i).next()).value as Uint8Array));
      let next: Block | undefined;
      const chain: Block[] = [];
      for (let i = LENGTH - 1; i >= 0; i--) {
        next = await dagPbBlock(next ? [next.cid, leaves[i]!.cid] : [leaves[i]!.cid]);
        chain.push(next);
      }
      chain.reverse();
      async function* rootFirst(): AsyncGenerator<Block> {
        for (let i = 0; i < LENGTH; i++) {
          yield chain[i]!;
          yield leaves[i]!;
        }
      }
      const started = performance.now();
      const { value: answer, growth } = await rssGrowth(spawned.child.pid!, () => upload(chain[0]!.cid, rootFirst));
      const seconds = (performance.now() - started) / 1000;
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { reason: "DAG_TOO_LARGE" } });
      console.log(`chain of ${2 * LENGTH} tiny blocks (${((LENGTH * 600) / MiB).toFixed(1)} MiB): refused at ${MAX_DAG_BLOCKS} blocks in ${seconds.toFixed(1)} s, ${(answer.written / MiB).toFixed(1)} MiB written, node RSS growth ${(growth / MiB).toFixed(1)} MiB`);
      expect(growth).toBeLessThan(RSS_BOUND);
      for (const block of [chain[0]!, chain[100]!, leaves[5_000]!]) expect(await servedThere(block.cid)).toBe(404);
    }, 240_000);
  });

  it("refuses an identity root and a CAR with a block its root does not reach; neither is served", async () => {
    const idRoot = CID.createV1(RAW_CODEC, identity.digest(new Uint8Array([7])));
    const first = await post(new Blob([(await encodeCar([idRoot], [])) as Uint8Array<ArrayBuffer>]));
    expect(await first.json()).toMatchObject({ error: { reason: "IDENTITY_CID" } });

    const leaf = await rawBlock(new TextEncoder().encode("linked"));
    const stray = await rawBlock(new TextEncoder().encode("not linked"));
    const root = await dagPbBlock([leaf.cid]);
    const answer = await post(new Blob([(await encodeCar([root.cid], [root, leaf, stray])) as Uint8Array<ArrayBuffer>]));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { reason: "UNREACHABLE_BLOCK" } });
    for (const block of [root, leaf, stray]) expect(await served(block.cid)).toBe(404);
  });

  it("removes the blocks of an incomplete CAR at once", async () => {
    const blockstore = new MemoryBlockstore();
    const root = await addFileStream({ blockstore }, pattern(3 * MiB + 1, MiB, undefined, 31));
    const blocks: Block[] = [];
    for await (const block of walkDag(blockstore, root)) blocks.push(block);
    const answer = await post(new Blob([(await encodeCar([root], blocks.slice(0, -1))) as Uint8Array<ArrayBuffer>]));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { reason: "INCOMPLETE_DAG" } });
    for (const block of blocks) expect(await served(block.cid)).toBe(404);
  });

  it("makes one pin record of five concurrent uploads of the same CAR", async () => {
    const blockstore = new MemoryBlockstore();
    const root = await addFileStream({ blockstore }, pattern(2 * MiB + 3, MiB, undefined, 32));
    const statuses = await Promise.all(Array.from({ length: 5 }, () => client.uploadCar(() => exportCar(blockstore, root))));
    expect(new Set(statuses.map((s) => s.requestid)).size).toBe(1);
    expect((await client.list({ cid: [root], status: ["queued", "pinning", "pinned", "failed"] })).count).toBe(1);
  });

  it("drops a provisional pin and its blocks after the grace period, and keeps a confirmed one", async () => {
    const dropped = await rawBlock(new TextEncoder().encode("message whose post failed"));
    const kept = await rawBlock(new TextEncoder().encode("message that was posted"));
    const store = new MemoryBlockstore();
    for (const block of [dropped, kept]) await store.put(block.cid, block.bytes);
    const [provisional, toConfirm] = await Promise.all([dropped, kept].map((block) => client.uploadDag(store, block.cid, { provisional: true })));
    expect(provisional!.info?.provisional_until).toBeDefined();
    const confirmed = await client.confirm(toConfirm!.requestid, kept.cid);
    expect(confirmed.info?.provisional_until).toBeUndefined();
    await sleep(GRACE_MS + 1_500);
    await node.gc.idle();
    await expect(client.status(provisional!.requestid)).rejects.toMatchObject({ status: 404 });
    expect(await served(dropped.cid)).toBe(404);
    expect((await client.status(toConfirm!.requestid)).status).toBe("pinned");
    expect(await served(kept.cid)).toBe(200);
  });

  it("answers UPLOAD_NOT_FOUND to a later part of an upload it does not hold, and uploadDag then starts over", async () => {
    const blockstore = new MemoryBlockstore();
    const root = await addFileStream({ blockstore }, pattern(3 * MiB, MiB, undefined, 33));
    const first = await carParts(blockstore, root, { partBytes: MiB }).next();
    const lost = await post(new Blob([first.value as Uint8Array<ArrayBuffer>]), "?upload=never-started&part=1&partial=1");
    expect(lost.status).toBe(404);
    expect(await lost.json()).toMatchObject({ error: { reason: "UPLOAD_NOT_FOUND" } });

    let forgotten = false;
    const forgetful = signedInClient(node.apiUrl, {
      backoffMs: 10,
      fetch: async (input, init) => {
        const url = new URL(String(input));
        if (url.pathname === "/car" && url.searchParams.get("part") === "2" && !forgotten) {
          forgotten = true;
          return new Response(JSON.stringify({ error: { reason: "UPLOAD_NOT_FOUND", details: "restarted" } }), { status: 404 });
        }
        return fetch(input, init);
      },
    });
    const status = await forgetful.uploadDag(blockstore, root, { partBytes: MiB });
    expect(forgotten).toBe(true);
    expect(status.status).toBe("pinned");
  });

  describe("connections", () => {
    /** Open a raw connection, write `head` then one byte of `trickleBytes` every 300 ms; resolves with the ms until the server closed it. */
    function trickle(head: string | Uint8Array, trickleBytes: Uint8Array): Promise<number> {
      const { port } = new URL(node.apiUrl);
      return new Promise((resolve) => {
        const started = performance.now();
        const socket = connect(Number(port), "127.0.0.1", () => socket.write(head));
        let i = 0;
        const timer = setInterval(() => socket.writable && socket.write(trickleBytes.subarray(i, ++i)), 300);
        socket.on("data", () => undefined);
        socket.on("error", () => undefined);
        socket.on("close", () => {
          clearInterval(timer);
          resolve(performance.now() - started);
        });
      });
    }

    it("closes a connection trickling its request head within the header timeout", async () => {
      const ms = await trickle("GET /pins HTTP/1.1\r\nHost: x\r\n", Buffer.from("X-Slow: a\r\n".repeat(100)));
      console.log(`trickled head closed after ${ms.toFixed(0)} ms (headers timeout ${HEADERS_MS} ms)`);
      expect(ms).toBeLessThan(HEADERS_MS + CHECK_SLACK_MS);
    });

    it("closes an unauthenticated sign-in trickling its body within the body timeout", async () => {
      const ms = await trickle("POST /auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n", Buffer.from(`{"message":"${"a".repeat(100)}`));
      console.log(`trickled JSON body closed after ${ms.toFixed(0)} ms (body timeout ${HEADERS_MS} ms)`);
      expect(ms).toBeLessThan(HEADERS_MS + CHECK_SLACK_MS);
    });

    it("closes an authenticated upload trickling its body within the request timeout", async () => {
      const token = await client.token();
      const block = await rawBlock(new Uint8Array(1_000).fill(9));
      const car = await encodeCar([block.cid], [block]);
      const header = car.subarray(0, car.length - block.bytes.length - block.cid.bytes.length - 2);
      const head = Buffer.concat([Buffer.from(`POST /car HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Length: ${car.length}\r\n\r\n`), header]);
      const ms = await trickle(head, car.subarray(header.length));
      console.log(`trickled CAR body closed after ${ms.toFixed(0)} ms (request timeout ${REQUEST_MS} ms)`);
      expect(ms).toBeLessThan(REQUEST_MS + CHECK_SLACK_MS);
    });

    it("lets a fetch() client still streaming its body read the refusal", async () => {
      let produced = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          produced += 1024 * 1024;
          if (produced > 64 * MiB) controller.close();
          else controller.enqueue(new Uint8Array(1024 * 1024));
          await sleep(5);
        },
      });
      const answer = await fetch(`${node.apiUrl}/car`, { method: "POST", headers: { authorization: "Bearer wrong" }, body, duplex: "half" } as RequestInit);
      expect(answer.status).toBe(401);
      expect(await answer.json()).toMatchObject({ error: { reason: "UNAUTHORIZED" } });
      expect(produced).toBeLessThan(64 * MiB);
    });

    it("answers a refused upload without reading its body, and closes the connection", async () => {
      const { port } = new URL(node.apiUrl);
      const result = await new Promise<{ answer: string; written: number }>((resolve) => {
        const socket = connect(Number(port), "127.0.0.1");
        let answer = "";
        let written = 0;
        const chunk = Buffer.alloc(256 * 1024);
        socket.on("connect", () => {
          socket.write(`POST /car HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\nContent-Length: ${512 * MiB}\r\n\r\n`);
          const pump = (): void => {
            while (socket.writable && written < 512 * MiB) {
              written += chunk.length;
              if (!socket.write(chunk)) return void socket.once("drain", pump);
            }
          };
          pump();
        });
        socket.on("data", (data) => (answer += data.toString()));
        socket.on("error", () => undefined);
        socket.on("close", () => resolve({ answer, written }));
      });
      expect(result.answer).toMatch(/^HTTP\/1\.1 401/);
      console.log(`refused upload: connection closed after the client wrote ${(result.written / MiB).toFixed(1)} MiB of 512 MiB`);
      expect(result.written).toBeLessThan(64 * MiB);
    });
  });
});
