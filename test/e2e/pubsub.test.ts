/**
 * Pending messages and presence over pubsub, end to end in Chromium at 12-s blocks: A and B see
 * each other's messages before the next block is mined, then confirmed in place (no duplicate);
 * a non-member of a private channel renders nothing it could read (no pending message, no text); a forged pending message injected by a test
 * libp2p peer is never rendered; with two peered pinning nodes, B's browser on node 2 reads from the
 * chain a message A pinned on node 1 and gets A's next one pending; presence shows A online at B,
 * and offline once A's last beat expires (60 s) after A closes.
 *
 *   node --import tsx --test test/e2e/pubsub.test.ts
 */
import assert from "node:assert/strict";
import { after, describe } from "node:test";
import { MemoryBlockstore } from "blockstore-core/memory";
import { MemoryDatastore } from "datastore-core/memory";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { createPublicClient, encodeFunctionData, http, toHex, type Address, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { readChannelState } from "@cairn/core/chain";
import { channelRegistryAbi, deployments } from "@cairn/core/contracts";
import { decodePublicKeyMaterial, wrapCid } from "@cairn/core/crypto";
import { sealMessage } from "@cairn/core/message";
import { createClientNode, readPinningHealth, type CairnNode } from "@cairn/core/ipfs";
import { channelTopic, encodePendingMessage } from "@cairn/core/pubsub";
import { CHAIN_ID } from "../../scripts/stack/stackConfig.js";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import { CairnApp } from "../../testkit/CairnApp.js";
import { startPeeredNode, type PeeredNode } from "../../testkit/startPeeredNode.js";
import { browserSuite } from "./fixtures/browserSuite.js";

const log = (line: string): void => console.log(`[e2e pubsub] ${line}`);
const BLOCK_MS = 12_000;
const registry = deployments[CHAIN_ID].channelRegistry as Address;

describe("pending messages and presence over pubsub", { timeout: 900_000 }, () => {
  const suite = browserSuite({ log, stepTimeoutMs: 180_000 });
  const { step, open } = suite;
  const alice = testAccount(1);
  const bob = testAccount(2);
  const carol = testAccount(3);
  let a: CairnApp;
  let b: CairnApp;
  let c: CairnApp;
  let client: PublicClient;
  let publicId: string;
  let privateId: string;
  let intruder: CairnNode | undefined;

  let node2: PeeredNode | undefined;

  after(async () => {
    await intruder?.stop();
    await node2?.stop();
  });

  /** Waits for the next block, so that a step has a whole block interval before the next one. */
  async function afterNextBlock(): Promise<bigint> {
    const start = await client.getBlockNumber({ cacheTime: 0 });
    for (;;) {
      const now = await client.getBlockNumber({ cacheTime: 0 });
      if (now > start) return now;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends from `from` right after a block; asserts `to` shows it pending in the same block, then confirmed once. */
  async function instant(from: CairnApp, to: CairnApp, text: string) {
    const block = await afterNextBlock();
    const t0 = Date.now();
    await from.send(text);
    await to.waitForMessage(text, from.address, "pending");
    const shownAt = await client.getBlockNumber({ cacheTime: 0 });
    log(`"${text}": pending at the receiver after ${Date.now() - t0} ms, block ${block} → ${shownAt}`);
    assert.equal(shownAt, block, "rendered before the next block was mined");
    await to.waitForMessage(text, from.address, "confirmed");
    assert.equal(await to.message(text).count(), 1, "confirmed in place: no duplicate");
  }

  step("A and B share a public and a private channel; C is a member of neither", async () => {
    client = createPublicClient({ chain: hardhat, transport: http(suite.stack.urls.rpc) }) as PublicClient;
    a = await open("alice", alice.privateKey);
    b = await open("bob", bob.privateKey);
    await Promise.all([a.connectAndUnlock(), b.connectAndUnlock()]);
    const publicName = `pubsub-${Date.now().toString(36)}`;
    publicId = await a.createPublicChannel(publicName);
    assert.equal(await b.joinFromDirectory(publicName), publicId);
    privateId = await a.createPrivateChannel(`secret-${Date.now().toString(36)}`, [b.address]);
    await b.acceptRequest(privateId);
    await b.openChannel(privateId);
    c = await open("carol", carol.privateKey, `/channels/${privateId}`);
    await c.connectAndUnlock();
    await c.channelView(privateId).getByText("readable by its members only").waitFor();
  });

  step("at 12-s blocks, A's and B's messages show pending before the next block, then confirmed", async () => {
    await client.request({ method: "evm_setAutomine" as never, params: [false] as never });
    await client.request({ method: "evm_setIntervalMining" as never, params: [BLOCK_MS] as never });
    await a.openChannel(privateId);
    await b.byTestId("message-input").waitFor();
    await instant(a, b, "fast hello");
    await instant(b, a, "fast reply");
  });

  step("C, not a member of the private channel, renders none of its messages (only the chain's ciphertext, as before)", async () => {
    const statuses = await c.page.getByTestId("message").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-status")));
    assert.ok(statuses.every((status) => status === "undecryptable"), `C shows only undecryptable entries (${statuses.join(", ")})`);
    assert.equal(await c.page.getByTestId("message-text").count(), 0, "no text at C");
  });

  step("presence: B sees A online in the members panel", async () => {
    await b.openMembers();
    await b.memberRow(a.address).getByTestId("member-online").waitFor({ timeout: 35_000 });
  });

  step("a forged pending message from a test libp2p peer is not rendered", async () => {
    const pinHealth = await readPinningHealth(suite.stack.urls.pinApi);
    intruder = await createClientNode({ bootstrap: pinHealth.multiaddrs, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });
    // Carol never joined the public channel; its key is public, so she can name the topic and seal a message.
    await b.openChannel(publicId);
    await b.byTestId("message-input").waitFor();
    const state = await readChannelState(client, { registry, fromBlock: 0n, channelId: BigInt(publicId) });
    const material = state.epochKeys.find((k) => k.kind === "public")!;
    const key = decodePublicKeyMaterial(material.keyMaterial);
    const scope = { chainId: CHAIN_ID, registry, channelId: BigInt(publicId), epoch: material.epoch };
    const mallory = privateKeyToAccount(carol.privateKey);
    const forgedText = "forged over pubsub";
    const block = await sealMessage({ ...scope, sender: mallory.address, key, envelope: { timestamp: Date.now(), text: forgedText, attachments: [] } });
    const cid = CID.createV1(raw.code, await sha256.digest(block));
    const wrappedCid = await wrapCid({ ...scope, sender: mallory.address, key, cid });
    const transaction = await mallory.signTransaction({
      chainId: CHAIN_ID,
      type: "eip1559",
      nonce: await client.getTransactionCount({ address: mallory.address }),
      to: registry,
      gas: 200_000n,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      data: encodeFunctionData({ abi: channelRegistryAbi, functionName: "post", args: [BigInt(publicId), toHex(wrappedCid)] }),
    });
    const topic = channelTopic({ ...scope, key });
    const forged = encodePendingMessage({ transaction, wrappedCid, block });
    for (let i = 0; i < 10 && intruder.pubsub.subscribers(topic).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 500));
    await intruder.pubsub.publish(topic, forged);
    // A genuine message sent after the forged one arrives; the forged one never shows.
    await a.openChannel(publicId);
    await a.byTestId("message-input").waitFor();
    await a.send("genuine after forged");
    await b.waitForMessage("genuine after forged", a.address, "pending");
    assert.equal(await b.message(forgedText).count(), 0, "the forged message is not rendered");
  });

  step("two peered pinning nodes: B's browser on node 2 reads from the chain a message A pinned on node 1, and gets A's next one pending", async () => {
    node2 = await startPeeredNode(suite.stack, { log });
    await a.openChannel(publicId);
    await a.byTestId("message-input").waitFor();
    // Sent before B's node-2 page exists: no pubsub can carry it there, only the chain and node 2's gateway.
    const early = "sent before B opened on node 2";
    await a.send(early);
    await a.waitForMessage(early, a.address, "confirmed");
    const onNode2 = await CairnApp.openInContext(await node2.newContext(suite.browser), {
      appUrl: suite.stack.urls.app,
      rpcUrl: suite.stack.urls.rpc,
      chainId: CHAIN_ID,
      privateKey: bob.privateKey,
      label: "bob-node2",
      artifacts: suite.artifacts,
    });
    await onNode2.connectAndUnlock();
    await onNode2.openChannel(publicId);
    await onNode2.waitForMessage(early, a.address, "confirmed");
    await instant(a, onNode2, "live across two nodes");
    await onNode2.close();
  });

  step("presence: A closes; B shows A offline once A's last beat expires (≤ 60 s + a beat)", async () => {
    await a.openChannel(privateId);
    await b.openChannel(privateId);
    await b.openMembers();
    await b.memberRow(a.address).getByTestId("member-online").waitFor({ timeout: 35_000 });
    const closedAt = Date.now();
    await a.close();
    await b.memberRow(a.address).getByTestId("member-online").waitFor({ state: "detached", timeout: 75_000 });
    const seconds = (Date.now() - closedAt) / 1000;
    log(`A shown offline ${seconds.toFixed(1)} s after closing`);
    assert.ok(seconds <= 62, `offline within the 60-s expiry (${seconds} s)`);
  });
});
