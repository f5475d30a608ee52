import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core/memory";
import { MemoryDatastore } from "datastore-core/memory";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { equalBytes } from "@cairn/core/encoding";
import { BlockUnavailableError, createClientNode, createReadSources, createStorage, exportCar, RAW_CODEC, type CairnNode } from "@cairn/core/ipfs";
import { channelTopic, type Verdict } from "@cairn/core/pubsub";
import { InvalidPeerUrlError } from "../../../scripts/ipfs/errors.js";
import { startPinningNode, type PinningNode } from "../../../scripts/ipfs/startPinningNode.js";
import { alice, pending, sealed, topic } from "../../../testkit/pendingMessageFixtures.js";
import { signedInClient } from "../ipfs/signedInClient.js";

/** Resolves once `check` holds (polled every 50 ms), or fails after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const gatewayGet = (node: PinningNode, cid: CID, headers: Record<string, string> = {}) => fetch(`${node.apiUrl}/ipfs/${cid}?format=raw`, { headers });

/**
 * Two pinning nodes peered together (issue 13.5): user A's devices reach only node 1, user B's
 * only node 2. Each path delivers on its own: pubsub spans the nodes, and node 2's gateway reads
 * from node 1 what A pinned there, so B opens the chain's copy of a message it missed on pubsub.
 */
describe("two peered pinning nodes", () => {
  const dirs: string[] = [];
  const clients: CairnNode[] = [];
  let node1: PinningNode;
  let node2: PinningNode;
  let lonely: PinningNode;
  const node2Log: string[] = [];

  const start = async (options: { peers?: string[]; log?: (line: string) => void } = {}) => {
    const dataDir = await mkdtemp(join(tmpdir(), "cairn-peered-"));
    dirs.push(dataDir);
    return await startPinningNode({ dataDir, wsPort: 0, apiPort: 0, peerReadTimeoutMs: 2_000, ...options });
  };
  const client = async (node: PinningNode) => {
    const created = await createClientNode({ bootstrap: node.multiaddrs, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });
    clients.push(created);
    return created;
  };
  /** A block pinned on node 1 only, by its owner signed in there. */
  const pinnedOnNode1 = async (text: string) => {
    const bytes = new TextEncoder().encode(text);
    const cid = CID.createV1(RAW_CODEC, await sha256.digest(bytes));
    const blockstore = new MemoryBlockstore();
    await blockstore.put(cid, bytes);
    await signedInClient(node1.apiUrl).uploadCar(() => exportCar(blockstore, cid));
    return { cid, bytes };
  };

  beforeAll(async () => {
    node1 = await start();
    node2 = await start({ peers: [`${node1.apiUrl}/`], log: (line) => node2Log.push(line) });
    lonely = await start();
    await until(() => node2Log.some((line) => line.startsWith("peered with")), 10_000);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.stop()));
    await Promise.all([node1, node2, lonely].map((n) => n?.stop()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("refuses a peer that is not an API URL", async () => {
    await expect(start({ peers: node1.multiaddrs })).rejects.toBeInstanceOf(InvalidPeerUrlError);
    await expect(start({ peers: ["ftp://127.0.0.1:21"] })).rejects.toBeInstanceOf(InvalidPeerUrlError);
  });

  it("node 2's gateway serves a block pinned on node 1 without storing it; only-if-cached, CARs and unpeered nodes do not read through", async () => {
    const { cid, bytes } = await pinnedOnNode1("pinned on node 1 only");
    const raw = await gatewayGet(node2, cid);
    expect(raw.status).toBe(200);
    expect(new Uint8Array(await raw.arrayBuffer())).toEqual(bytes);
    // Served, not stored: node 2 still does not hold it.
    expect((await gatewayGet(node2, cid, { "cache-control": "only-if-cached" })).status).toBe(404);
    expect((await fetch(`${node2.apiUrl}/ipfs/${cid}?format=car`)).status).toBe(404);
    expect((await gatewayGet(lonely, cid)).status).toBe(404);
    // A block no peer holds: "not held" once the peers have been asked.
    const missing = CID.createV1(RAW_CODEC, await sha256.digest(new TextEncoder().encode("nowhere")));
    expect((await gatewayGet(node2, missing)).status).toBe(404);
  });

  it("chain path alone: B, connected only to node 2, opens a message whose block A pinned on node 1", async () => {
    const { cid, bytes } = await pinnedOnNode1("a message B missed on pubsub");
    const b = await client(node2);
    const { messageSource } = createReadSources(node2.apiUrl, b.helia.blockstore);
    expect(await createStorage(messageSource).getBlock(cid, { timeoutMs: 10_000 })).toEqual(bytes);
    // Through bitswap alone (what B's node read before), node 2 never had it to give.
    const other = await client(node2);
    await expect(createStorage(other.helia).getBlock(cid, { timeoutMs: 2_000 })).rejects.toBeInstanceOf(BlockUnavailableError);
  });

  it("pubsub path alone: every message A publishes once reaches B as soon as both have joined the topic", async () => {
    const [a, b] = [await client(node1), await client(node2)];
    const name = channelTopic(topic);
    const received: Uint8Array[] = [];
    const accept = async (): Promise<Verdict<unknown>> => ({ ok: true, value: undefined });
    a.pubsub.join(name, accept);
    b.pubsub.join(name, async (data) => {
      received.push(data);
      return accept();
    });
    await until(() => a.pubsub.subscribers(name).length > 0 && b.pubsub.subscribers(name).length > 0, 10_000);
    // The nodes tell each other of their new subscription at once; give it a moment to cross.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent: Uint8Array[] = [];
    for (let index = 0; index < 5; index++) {
      const data = await pending(alice, await sealed(alice.address, `once ${index}`));
      sent.push(data);
      await a.pubsub.publish(name, data);
    }
    await until(() => sent.every((data) => received.some((got) => equalBytes(got, data))), 3_000);
  });
});
