/**
 * The pinning node's circuit relay under limits: a bounded number of reservations, and relayed
 * connections limited in data and duration, over which client nodes still exchange blocks by
 * bitswap (relayed connections are "limited" in libp2p; Cairn's clients run bitswap on them).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { multiaddr } from "@multiformats/multiaddr";
import { MemoryBlockstore } from "blockstore-core/memory";
import { MemoryDatastore } from "datastore-core/memory";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addFileStream, catFileStream, createClientNode, type CairnNode } from "@cairn/core/ipfs";
import { startPinningNode, type PinningNode } from "../../../scripts/ipfs/startPinningNode.js";
import { digestOf, MiB, pattern } from "../ipfs/testBytes.js";

const DATA_LIMIT = 24 * MiB;

const circuitAddress = (node: CairnNode): string | undefined => node.helia.libp2p.getMultiaddrs().map(String).find((address) => address.includes("/p2p-circuit/"));

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 15_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let value = probe(); ; value = probe()) {
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe("circuit relay limits", () => {
  let dataDir: string;
  let node: PinningNode;
  const clients: CairnNode[] = [];
  const client = async () => {
    const created = await createClientNode({ bootstrap: node.multiaddrs, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-relay-"));
    node = await startPinningNode({ dataDir, wsPort: 0, apiPort: 0, relay: { maxReservations: 2, dataLimitBytes: BigInt(DATA_LIMIT), durationLimitMs: 60_000 } });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.stop()));
    await node?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("lets two browser-like clients exchange files over limited relayed connections, each closed at the data limit", async () => {
    const [writer, reader] = [await client(), await client()];
    const address = await waitFor(() => circuitAddress(writer));
    expect(address).toBeDefined();
    const connection = await reader.helia.libp2p.dial(multiaddr(address!));
    expect(connection.limits).toBeDefined();

    const size = 16 * MiB;
    const root = await addFileStream(writer.helia, pattern(size, MiB, undefined, 41));
    const started = performance.now();
    const read = await digestOf(catFileStream(reader.helia, root, { timeoutMs: 20_000 }));
    const seconds = (performance.now() - started) / 1000;
    expect(read).toEqual(await digestOf(pattern(size, MiB, undefined, 41)));
    console.log(`bitswap over the limited relayed connection: ${size / MiB} MiB in ${seconds.toFixed(2)} s (${(size / 1e6 / seconds).toFixed(1)} MB/s)`);

    // Past the data limit the relay closes that connection. A read that spans the close may or may
    // not finish on the connection bitswap redials by itself, so it is not asserted; a new relayed
    // connection, with fresh limits, must carry the whole file.
    const more = await addFileStream(writer.helia, pattern(16 * MiB, MiB, undefined, 42));
    const expected = await digestOf(pattern(16 * MiB, MiB, undefined, 42));
    await digestOf(catFileStream(reader.helia, more, { timeoutMs: 20_000 })).catch(() => undefined);
    expect(connection.status).not.toBe("open");
    const next = await reader.helia.libp2p.dial(multiaddr(address!));
    expect(next.id).not.toBe(connection.id);
    expect(next.limits).toBeDefined();
    expect(await digestOf(catFileStream(reader.helia, more, { timeoutMs: 20_000 }))).toEqual(expected);
  });

  it("refuses reservations past its limit", async () => {
    const third = await client();
    expect(await waitFor(() => circuitAddress(third), 5_000)).toBeUndefined();
  });
});
