/**
 * A client's data directory (peer store included) reused after an hour: libp2p forgets stored
 * addresses after MAX_ADDRESS_AGE (1 h) while the pinning node stays tagged keep-alive, so its
 * reconnect at start-up dials a peer with no address. The configured multiaddr must still be
 * dialled, and a node that cannot be reached is named in the error.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core/memory";
import { MemoryDatastore } from "datastore-core/memory";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClientNode, IpfsNodeStartError } from "@cairn/core/ipfs";
import { startPinningNode, type PinningNode } from "../../../scripts/ipfs/startPinningNode.js";

const HOUR = 3_600_000;

/**
 * A datastore whose peer-record reads take `ms` (an on-disk store on a busy disk): libp2p's
 * start-up redial of the keep-alive pinning node, by peer id, is still looking up its (expired)
 * addresses when the bootstrap dial starts, and the bootstrap dial joins it.
 */
function slowPeerReads(inner: MemoryDatastore, ms: number): MemoryDatastore {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (property !== "get") return value.bind(target);
      return async (key: { toString(): string }, ...rest: unknown[]) => {
        if (key.toString().startsWith("/peers/")) await new Promise((done) => setTimeout(done, ms));
        return (value as (...a: unknown[]) => unknown).call(target, key, ...rest);
      };
    },
  });
}

describe("a client data directory an hour later", () => {
  let dataDir: string;
  let node: PinningNode;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-client-dir-"));
    // Reservations (and so the keep-alive tag) outlive the stored addresses, as with libp2p's default 2 h.
    node = await startPinningNode({ dataDir, wsPort: 0, apiPort: 0, relay: { reservationTtlMs: 2 * HOUR } });
  });

  afterAll(async () => {
    await node?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("still reaches the pinning node once the stored addresses have expired", async () => {
    const datastore = new MemoryDatastore();
    const first = await createClientNode({ bootstrap: node.multiaddrs, blockstore: new MemoryBlockstore(), datastore });
    // The relay reservation tags the pinning node keep-alive: the next start redials it by peer id.
    const keptAlive = async () => {
      const peer = await first.helia.libp2p.peerStore.get(first.helia.libp2p.getConnections()[0]!.remotePeer);
      return [...peer.tags.keys()].some((tag) => tag.startsWith("keep-alive"));
    };
    for (let i = 0; i < 100 && !(await keptAlive()); i++) await new Promise((done) => setTimeout(done, 100));
    expect(await keptAlive()).toBe(true);
    await first.stop();
    // ...but that record, with its tag and soon-expired addresses, is not what the data directory keeps.
    const stored: string[] = [];
    for await (const key of datastore.queryKeys({ prefix: "/peers/" })) stored.push(key.toString());
    expect(stored).toEqual([]);

    const realNow = Date.now;
    Date.now = () => realNow() + HOUR + 60_000;
    try {
      const later = await createClientNode({ bootstrap: node.multiaddrs, blockstore: new MemoryBlockstore(), datastore: slowPeerReads(datastore, 1_000) });
      try {
        expect(later.helia.libp2p.getConnections().some((c) => c.remotePeer.toString() === node.peerId)).toBe(true);
      } finally {
        await later.stop();
      }
    } finally {
      Date.now = realNow;
    }
  });

  it("names the pinning node it could not reach, and why", async () => {
    const gone = node.multiaddrs[0]!.replace(/\/tcp\/\d+\//, "/tcp/9/");
    const error = await createClientNode({ bootstrap: [gone], blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpfsNodeStartError);
    expect((error as IpfsNodeStartError).details).toContain(`could not reach the pinning node at ${gone}`);
    expect((error as IpfsNodeStartError).details).toMatch(/connection failed|ECONNREFUSED|refused/i);
  });
});
