import { afterAll, describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core/memory";
import { MemoryDatastore } from "datastore-core/memory";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClientNode, type CairnNode } from "@cairn/core/ipfs";
import { channelTopic, type Verdict } from "@cairn/core/pubsub";
import { startPinningNode, type PinningNode } from "../../../scripts/ipfs/startPinningNode.js";
import { equalBytes } from "@cairn/core/encoding";
import { alice, pending, sealed, topic } from "../../../testkit/pendingMessageFixtures.js";

/** Resolves once `check` holds (polled every `intervalMs`), or fails after `timeoutMs`. */
async function until(check: () => boolean | Promise<boolean>, { timeoutMs, intervalMs = 50 }: { timeoutMs: number; intervalMs?: number }) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A client that records what arrives on the channel's topic (accepting every message). */
function listen(node: CairnNode, name: string, received: Map<string, Uint8Array[]>) {
  return node.pubsub.join(channelTopic(topic), async (data): Promise<Verdict<unknown>> => {
    received.set(name, [...(received.get(name) ?? []), data]);
    return { ok: true, value: undefined };
  });
}

const client = (bootstrap: string[]) => createClientNode({ bootstrap, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore(), redial: { initialMs: 100, maxMs: 500 } });

describe("pubsub through pinning nodes", () => {
  const dirs: string[] = [];
  const nodes: PinningNode[] = [];
  const clients: CairnNode[] = [];
  const start = async (options: { wsPort?: number; peers?: string[]; dataDir?: string } = {}) => {
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "cairn-pubsub-")));
    if (!options.dataDir) dirs.push(dataDir);
    const node = await startPinningNode({ dataDir, wsPort: options.wsPort ?? 0, apiPort: 0, peers: options.peers });
    nodes.push(node);
    return node;
  };
  let count = 0;
  /** A fresh pending message each time (gossipsub delivers the same bytes once). */
  const fresh = async () => pending(alice, await sealed(alice.address, `message ${++count}`));
  /** Publishes fresh messages from `from` until one reaches `name`; returns it. */
  async function deliver(from: CairnNode, name: string, received: Map<string, Uint8Array[]>) {
    let sent: Uint8Array = new Uint8Array();
    await until(async () => {
      sent = await fresh();
      await from.pubsub.publish(channelTopic(topic), sent);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return (received.get(name) ?? []).some((data) => equalBytes(data, sent));
    }, { timeoutMs: 20_000, intervalMs: 200 });
    return sent;
  }

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.stop()));
    await Promise.all(nodes.map((n) => n.stop()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("delivers from A on node 1 to B on node 2 (nodes peered), and relays drop garbage", async () => {
    const node1 = await start();
    const node2 = await start({ peers: [node1.apiUrl] });
    const a = await client(node1.multiaddrs);
    const b = await client(node2.multiaddrs);
    clients.push(a, b);
    const received = new Map<string, Uint8Array[]>();
    listen(a, "a", received);
    listen(b, "b", received);
    await deliver(a, "b", received);
    await deliver(b, "a", received);

    // A relay rejects garbage before forwarding: B never sees it, and the next message still arrives.
    const before = received.get("b")!.length;
    await a.pubsub.publish(channelTopic(topic), Uint8Array.of(1, 1, 0xff, 0xff));
    const next = await fresh();
    await a.pubsub.publish(channelTopic(topic), next);
    await until(() => received.get("b")!.length > before, { timeoutMs: 5_000 });
    expect(received.get("b")!.slice(before)).toEqual([next]);
  });

  it("leaving a topic while a message is being validated neither crashes nor stops the node", async () => {
    const node = await start();
    const a = await client(node.multiaddrs);
    const b = await client(node.multiaddrs);
    clients.push(a, b);
    let calls = 0;
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const leave = a.pubsub.join(channelTopic(topic), async () => {
      calls++;
      await slow;
      return { ok: true, value: undefined };
    });
    await until(async () => {
      await b.pubsub.publish(channelTopic(topic), await fresh());
      return calls > 0;
    }, { timeoutMs: 20_000, intervalMs: 300 });
    leave();
    release();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const received = new Map<string, Uint8Array[]>();
    listen(a, "a", received);
    await deliver(b, "a", received);
  });

  it("a client redials and resubscribes after its pinning node restarts", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "cairn-pubsub-"));
    dirs.push(dataDir);
    const node = await start({ dataDir });
    const wsPort = Number(node.multiaddrs[0]!.split("/tcp/")[1]!.split("/")[0]);
    const a = await client(node.multiaddrs);
    const b = await client(node.multiaddrs);
    clients.push(a, b);
    const received = new Map<string, Uint8Array[]>();
    listen(b, "b", received);
    await deliver(a, "b", received);
    await node.stop();
    await start({ dataDir, wsPort });
    await deliver(a, "b", received);
  });
});
