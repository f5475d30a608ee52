/**
 * Persistence end to end, in process: Hardhat chain (contracts deployed by the production
 * Ignition module), Cairn's pinning node, and Helia client nodes. Alice posts 200 messages
 * (batches, single posts, files) to a private channel; the pinning node restarts; a fresh reader
 * (Bob: new Helia node, empty memory stores, new service) rebuilds exactly the same history.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { MemoryBlockstore } from "blockstore-core";
import { MemoryDatastore } from "datastore-core";
import { createPublicClient, createWalletClient, custom, getAddress, HttpRequestError, isAddressEqual, parseEther, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  authorizeSessionKeyTx,
  createChannel,
  createChannelService,
  createTxSender,
  deriveIdentityKey,
  EpochKeySealedToEarlierKeyError,
  EpochKeyUnavailableError,
  generateIdentityKey,
  identityMessage,
  openDirectChannel,
  NotMemberError,
  postTx,
  publishKeyTx,
  RpcUnavailableError,
  type ChannelContext,
  type ChannelMessage,
  type ChannelService,
  type HistoryCursor,
  type OutgoingMessage,
  type OutgoingStatus,
  type SendTxClients,
} from "@cairn/core";
import { createClientNode, createPinningAuth, createPinningClient, PinningUnavailableError, type CairnNode } from "@cairn/core/ipfs";
import { deployCairn } from "../../scripts/contracts/deployCairn.js";
import { startPinningNode, type PinningNode } from "../../scripts/ipfs/startPinningNode.js";


const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Deterministic pseudo-random bytes (xorshift), so file contents differ from any pattern. */
function fileBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Yields `bytes` in 64 KiB pieces, like a file read stream. */
function* pieces(bytes: Uint8Array): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += 65_536) yield bytes.subarray(offset, offset + 65_536);
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A client node with empty in-memory stores, bootstrapped to the pinning node. */
const clientNode = (pinner: PinningNode) =>
  createClientNode({ bootstrap: pinner.multiaddrs, blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() });

const portOf = (url: string) => Number(new URL(url.replace(/^\/ip4\/([^/]+)\/tcp\/(\d+).*$/, "http://$1:$2")).port);

/** Fresh contracts (production Ignition module) and a way to make members: identity from the wallet's signature, key published. */
async function deployWithMembers(pinner: PinningNode) {
  const { connection, keyDirectory, registry, publicClient, wallets } = await deployCairn();
  const chainId = await publicClient.getChainId();
  const deployment = { keyDirectory: keyDirectory.address, channelRegistry: registry.address, fromBlock: 0n };
  const member = async (wallet: (typeof wallets)[number], node: CairnNode): Promise<ChannelContext> => {
    const clients = { walletClient: wallet, publicClient } as unknown as SendTxClients;
    const signMessage = (message: string) => wallet.signMessage({ message });
    const pinning = createPinningClient({ url: pinner.apiUrl, auth: createPinningAuth({ url: pinner.apiUrl, account: wallet.account.address, chainId, signMessage }) });
    const message = identityMessage({ domain: "127.0.0.1:3000", uri: "http://127.0.0.1:3000", account: wallet.account.address, chainId, keyDirectory: deployment.keyDirectory });
    const identity = deriveIdentityKey(await signMessage(message));
    const context: ChannelContext = {
      publicClient: clients.publicClient,
      sender: createTxSender(clients),
      account: getAddress(wallet.account.address),
      identity,
      ipfs: node.helia,
      pinning,
      chainId,
      deployment,
      blockTimeoutMs: 3_000,
    };
    await context.sender(publishKeyTx(deployment.keyDirectory, { publicKey: identity.publicKey }));
    return context;
  };
  return { connection, publicClient, wallets, chainId, deployment, member };
}

describe("persistence: history survives a pinning-node restart and rebuilds on a fresh device", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  let dataDir: string;
  let pinner: PinningNode;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-persistence-"));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    pinner = await startPinningNode({ dataDir, wsPort: 0, apiPort: 0 });
  });

  after(async () => {
    await pinner?.stop();
    for (const step of cleanup.reverse()) await step();
  });

  it("rebuilds 200 messages and 3 files byte for byte, reports the unpinned one, and keeps channels apart", { timeout: 240_000 }, async () => {
    const { publicClient, wallets, deployment, member } = await deployWithMembers(pinner);
    const [aliceWallet, bobWallet, carolWallet] = wallets;
    const aliceNode = await clientNode(pinner);
    let aliceNodeStopped = false;
    cleanup.push(async () => aliceNodeStopped || aliceNode.stop());
    const alice = await member(aliceWallet, aliceNode);
    const bobFirstNode = await clientNode(pinner);
    const bobIdentityContext = await member(bobWallet, bobFirstNode);
    await bobFirstNode.stop();

    const { channelId } = await createChannel(alice, { kind: "private", name: "persistence", description: "200 messages", members: [bobIdentityContext.account] });
    const { channelId: otherId } = await createChannel(alice, { kind: "public", name: "elsewhere" });
    const channel = createChannelService({ ...alice, channelId });
    const other = createChannelService({ ...alice, channelId: otherId });

    const sent: OutgoingMessage[] = [];
    const expectConfirmed = (messages: readonly OutgoingMessage[]) => {
      for (const message of messages) assert.equal(message.status, "confirmed", message.error?.message ?? "");
      sent.push(...messages);
    };
    const otherIds: string[] = [];
    const postElsewhere = async (text: string) => {
      const message = await other.send(text);
      assert.equal(message.status, "confirmed", message.error?.message ?? "");
      otherIds.push(message.id);
    };

    const texts = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => (from + i) % 17 === 0 ? `long #${from + i} ${"ü✓ ".repeat(2_000)}` : `message #${from + i} — ünïcødé 🪨`);
    expectConfirmed(await channel.sendBatch(texts(0, 100)));
    await postElsewhere("other channel 1");
    expectConfirmed(await channel.sendBatch(texts(100, 90)));
    await postElsewhere("other channel 2");

    const statuses: OutgoingStatus[] = [];
    expectConfirmed([await channel.send({ text: "single 190", replyTo: sent[0].id }, { onStatus: (m) => statuses.push(m.status) })]);
    assert.deepEqual(statuses, ["sending", "pinned", "confirmed"]);
    for (let i = 191; i < 196; i++) expectConfirmed([await channel.send(`single ${i}`)]);

    // A send that fails (pinning service unreachable) and is retried: same message, encrypted once.
    const unreachable = createPinningClient({ url: "http://127.0.0.1:9", token: "unused", maxAttempts: 1 });
    const failing = createChannelService({ ...alice, pinning: unreachable, channelId });
    const failed = await failing.send("single 196, after a retry");
    assert.equal(failed.status, "failed");
    assert.ok(failed.error instanceof PinningUnavailableError, String(failed.error));
    const failedId = failed.id;
    const [retried] = await channel.retry(failed);
    assert.equal(retried.status, "confirmed", retried.error?.message ?? "");
    assert.equal(retried.id, failedId);
    sent.push(retried);
    await postElsewhere("other channel 3");

    const files = [fileBytes(1.5 * 1024 * 1024, 7), fileBytes(10 * 1024, 11), fileBytes(1, 13)];
    for (const [i, bytes] of files.entries()) {
      const name = `file-${i}.bin`;
      expectConfirmed([await channel.send({ text: `file ${i}`, files: [{ name, mimeType: "application/octet-stream", content: pieces(bytes) }] })]);
    }
    assert.equal(sent.length, 200);

    // Posted, but its block never reaches the pinning node.
    const lost = await channel.prepare("never pinned");
    const lostReceipt = await alice.sender(postTx(deployment.channelRegistry, { channelId, wrappedCid: lost.wrappedCid }));

    // An outsider's post is refused by the contract, and the revert arrives decoded and typed.
    const carolSender = createTxSender({ walletClient: carolWallet, publicClient } as unknown as SendTxClients);
    await assert.rejects(carolSender(postTx(deployment.channelRegistry, { channelId, wrappedCid: lost.wrappedCid })), (error: unknown) => {
      assert.ok(error instanceof NotMemberError, String(error));
      assert.deepEqual(error.args, [channelId, getAddress(carolWallet.account.address)]);
      return true;
    });

    // The pinning node restarts on the same ports and data; Alice's device goes away.
    const apiPort = portOf(pinner.apiUrl);
    const wsPort = portOf(pinner.multiaddrs[0]);
    await pinner.stop();
    await aliceNode.stop();
    aliceNodeStopped = true;
    pinner = await startPinningNode({ dataDir, wsPort, apiPort });

    // A fresh reader: Bob on a new device.
    const bobNode = await clientNode(pinner);
    cleanup.push(() => bobNode.stop());
    // Same ports, so Bob's pinning client still points at the node; reading needs no sign-in, his reply below signs in.
    const bob: ChannelContext = { ...bobIdentityContext, ipfs: bobNode.helia };
    const reader: ChannelService = createChannelService({ ...bob, channelId });

    const started = performance.now();
    const pages: ChannelMessage[][] = [];
    const pageMs: number[] = [];
    let cursor: HistoryCursor | null | undefined;
    do {
      const pageStarted = performance.now();
      const page = await reader.history({ before: cursor, limit: 50 });
      pageMs.push(performance.now() - pageStarted);
      pages.push(page.messages);
      cursor = page.cursor;
    } while (cursor);
    const history = pages.reverse().flat();
    const rebuildMs = performance.now() - started;
    console.log(
      `fresh reader rebuilt ${history.length} messages in ${rebuildMs.toFixed(0)} ms; pages of 50, newest first: ` +
        `${pageMs.map((ms) => ms.toFixed(0)).join(", ")} ms (the first waits ${bob.blockTimeoutMs} ms for the unavailable block)`,
    );

    assert.equal(history.length, 201);
    const readable = history.slice(0, 200);
    assert.deepEqual(readable.map((m) => m.status), Array(200).fill("confirmed"));
    assert.deepEqual(readable.map((m) => m.id), sent.map((m) => m.id));
    assert.deepEqual(readable.map((m) => m.text), sent.map((m) => m.envelope.text));
    assert.deepEqual(readable.map((m) => m.timestamp), sent.map((m) => m.envelope.timestamp));
    assert.ok(readable.every((m) => isAddressEqual(m.sender, alice.account)), "sender");
    assert.ok(readable.every((m) => m.channelId === channelId), "channel id");
    assert.ok(readable.every((m) => m.blockTimestamp! > 0), "block time");
    assert.equal(readable[190].replyTo, sent[0].id);
    const positions = history.map((m) => [m.blockNumber, m.logIndex, m.batchIndex] as const);
    assert.deepEqual([...positions].sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] - b[1] || a[2] - b[2])), positions);
    assert.ok(history.every((m) => !otherIds.includes(m.id)), "a message of another channel leaked in");

    const missing = history[200];
    assert.equal(missing.status, "unavailable");
    assert.equal(missing.txHash, lostReceipt.transactionHash);
    assert.equal(missing.id, lost.id);
    assert.ok(missing.error);

    for (const [i, bytes] of files.entries()) {
      const [attachment] = readable[197 + i].attachments;
      assert.equal(attachment.name, `file-${i}.bin`);
      assert.equal(attachment.size, bytes.length);
      const downloaded = await collect(reader.download(attachment));
      assert.equal(sha256(downloaded), sha256(bytes));
    }

    // The reader follows new messages too.
    const live: ChannelMessage[] = [];
    const stop = reader.subscribe((message) => live.push(message), { pollingInterval: 100 });
    const reply = await reader.send({ text: "bob on a new device", replyTo: sent[199].id });
    assert.equal(reply.status, "confirmed", reply.error?.message ?? "");
    const deadline = Date.now() + 10_000;
    while (live.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    assert.equal(live.length, 1);
    assert.equal(live[0].text, "bob on a new device");
    assert.equal(live[0].replyTo, sent[199].id);
    assert.ok(isAddressEqual(live[0].sender, bob.account));
  });
  it("session-key posts are attributed to the wallet, a subscriber rides out an RPC outage without loss or duplicates, and a removed member loses the new epoch", { timeout: 120_000 }, async () => {
    const { connection, publicClient, wallets, deployment, member } = await deployWithMembers(pinner);
    const [aliceWallet, bobWallet, carolWallet] = wallets;
    const aliceNode = await clientNode(pinner);
    cleanup.push(() => aliceNode.stop());
    const bobNode = await clientNode(pinner);
    cleanup.push(() => bobNode.stop());
    const alice = await member(aliceWallet, aliceNode);
    const bob = await member(bobWallet, bobNode);
    const { channelId } = await createChannel(alice, { kind: "private", name: "live", members: [bob.account] });

    // Alice funds and authorises a session key; it posts for her without a wallet prompt.
    const sessionAccount = privateKeyToAccount(generatePrivateKey());
    const latest = await publicClient.getBlock();
    await alice.sender(
      authorizeSessionKeyTx(deployment.channelRegistry, { key: sessionAccount.address, expiry: latest.timestamp + 86_400n, funding: parseEther("1") }),
    );
    const sessionWallet = createWalletClient({ account: sessionAccount, chain: publicClient.chain, transport: custom(connection.provider) });
    const sessionSender = createTxSender({ walletClient: sessionWallet, publicClient } as unknown as SendTxClients);
    const viaSession = createChannelService({
      ...alice,
      channelId,
      sessionKey: () => sessionSender,
    });
    const aliceChannel = createChannelService({ ...alice, channelId });

    // Bob subscribes through an RPC endpoint that goes down for a while.
    let down = false;
    const flaky = createPublicClient({
      chain: publicClient.chain,
      transport: custom({
        request: async (args: { method: string; params?: unknown }) => {
          if (down) throw new HttpRequestError({ url: "http://127.0.0.1:8545", cause: new TypeError("fetch failed") });
          return connection.provider.request(args as never);
        },
      }, { retryCount: 0 }),
    }) as unknown as PublicClient;
    const bobChannel = createChannelService({ ...bob, publicClient: flaky, channelId });
    await bobChannel.details();
    const received: ChannelMessage[] = [];
    const errors: unknown[] = [];
    const head = await publicClient.getBlockNumber();
    const stop = bobChannel.subscribe((message) => received.push(message), {
      fromBlock: head + 1n,
      pollingInterval: 50,
      onError: (error) => errors.push(error),
    });
    cleanup.push(async () => stop());

    const sent: OutgoingMessage[] = [];
    const expectConfirmed = (messages: readonly OutgoingMessage[]) => {
      for (const message of messages) assert.equal(message.status, "confirmed", message.error?.message ?? "");
      sent.push(...messages);
    };
    expectConfirmed(await viaSession.sendBatch(["session 1", "session 2"]));
    expectConfirmed([await viaSession.send("session 3")]);
    const waitFor = async (count: number) => {
      const deadline = Date.now() + 20_000;
      while (received.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    };
    await waitFor(3);
    down = true;
    for (let i = 0; i < 4; i++) expectConfirmed([await aliceChannel.send(`during outage ${i}`)]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    down = false;
    expectConfirmed([await aliceChannel.send("after outage")]);
    await waitFor(8);
    stop();

    assert.ok(errors.length > 0, "the outage was reported");
    assert.ok(errors.every((error) => error instanceof RpcUnavailableError), String(errors[0]));
    assert.deepEqual(received.map((m) => m.text), sent.map((m) => m.envelope.text));
    assert.deepEqual(received.map((m) => m.id), sent.map((m) => m.id));
    assert.ok(received.every((m) => m.status === "confirmed" && isAddressEqual(m.sender, alice.account)));

    // Carol is invited; Bob is removed and the key rotates: Carol reads on, Bob cannot read what follows.
    const carolNode = await clientNode(pinner);
    cleanup.push(() => carolNode.stop());
    const carol = await member(carolWallet, carolNode);
    await aliceChannel.addMember(carol.account);
    await aliceChannel.removeMember(bob.account);
    const afterRotation = await aliceChannel.send("after the rotation");
    assert.equal(afterRotation.status, "confirmed", afterRotation.error?.message ?? "");
    assert.equal(afterRotation.epoch, 2);
    const details = await aliceChannel.details();
    assert.deepEqual(details.members.map((m) => m.account), [alice.account, carol.account]);
    assert.deepEqual(details.formerMembers, [{ account: bob.account, reason: "removed" }]);
    assert.equal(details.info?.name, "live");

    const bobView = (await createChannelService({ ...bob, channelId }).history({ limit: 100 })).messages;
    assert.deepEqual(bobView.slice(0, 8).map((m) => m.status), Array(8).fill("confirmed"));
    assert.equal(bobView[8].status, "undecryptable");
    assert.ok(bobView[8].error instanceof EpochKeyUnavailableError);
    const carolView = (await createChannelService({ ...carol, channelId }).history({ limit: 100 })).messages;
    assert.deepEqual(carolView.map((m) => m.text), [...sent.map((m) => m.envelope.text), "after the rotation"]);
  });

  it("after one side of a 1:1 channel replaces its key, the other seals the keys to the new one and it reads again, live; after both changed, a new epoch", { timeout: 120_000 }, async () => {
    const { wallets, member } = await deployWithMembers(pinner);
    const [aliceWallet, bobWallet] = wallets;
    const node = await clientNode(pinner);
    cleanup.push(() => node.stop());
    const alice = await member(aliceWallet, node);
    const bobBefore = await member(bobWallet, node);
    const { channelId } = await openDirectChannel(alice, bobBefore.account);
    const aliceChannel = createChannelService({ ...alice, channelId });
    const confirmed = async (channel: ChannelService, text: string) => {
      const message = await channel.send(text);
      assert.equal(message.status, "confirmed", message.error?.message ?? "");
      return message;
    };
    await confirmed(aliceChannel, "before Bob's new key");

    // Bob replaces his key (a random key on a new device): the keys sealed to the old one no longer open.
    const replaced = async (context: ChannelContext): Promise<ChannelContext> => {
      const identity = generateIdentityKey();
      await context.sender(publishKeyTx(context.deployment.keyDirectory, { publicKey: identity.publicKey }));
      return { ...context, identity };
    };
    const bob = await replaced(bobBefore);
    await confirmed(aliceChannel, "after Bob's new key");
    const bobChannel = createChannelService({ ...bob, channelId });
    const stale = (await bobChannel.history({ limit: 10 })).messages;
    assert.deepEqual(stale.map((m) => m.status), ["undecryptable", "undecryptable"]);
    assert.ok(stale.every((m) => m.error instanceof EpochKeySealedToEarlierKeyError), String(stale[0].error));
    assert.deepEqual(bobChannel.reopenable(stale), [], "nothing to reopen until the key is sealed again");
    assert.deepEqual((await bobChannel.resealChangedKeys()).receipts, [], "Bob leaves it to Alice, who holds the keys");

    const gained: number[][] = [];
    const stopKeys = bobChannel.onKeys((epochs) => gained.push(epochs));
    const stop = bobChannel.subscribe(() => undefined, { pollingInterval: 50 });
    cleanup.push(async () => stop());
    const resealed = await aliceChannel.resealChangedKeys();
    assert.deepEqual(resealed.resealed, [bob.account]);
    assert.equal(resealed.rotated, false);
    assert.deepEqual((await aliceChannel.resealChangedKeys()).receipts, [], "done once");
    const deadline = Date.now() + 10_000;
    while (gained.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    stop();
    stopKeys();
    assert.deepEqual(gained, [[1]], "the epoch sealed again is told to the open session");
    const reopened = await bobChannel.reopen(stale);
    assert.deepEqual(stale.map((m) => reopened.get(m.id)?.text), ["before Bob's new key", "after Bob's new key"]);

    // Alice, the creator, replaces her key: Bob (not an admin) seals epoch 1 to it again.
    const aliceAfter = await replaced(alice);
    const aliceAfterChannel = createChannelService({ ...aliceAfter, channelId });
    assert.deepEqual((await aliceAfterChannel.resealChangedKeys()).receipts, [], "Alice leaves it to Bob");
    assert.deepEqual((await createChannelService({ ...bob, channelId }).resealChangedKeys()).resealed, [aliceAfter.account]);
    await confirmed(createChannelService({ ...aliceAfter, channelId }), "after Alice's new key");
    const aliceNow = (await createChannelService({ ...aliceAfter, channelId }).history({ limit: 10 })).messages;
    assert.deepEqual(aliceNow.map((m) => m.text), ["before Bob's new key", "after Bob's new key", "after Alice's new key"]);

    // Both replace their keys: nobody can open epoch 1 any more, so either side starts epoch 2 for both.
    const [aliceLast, bobLast] = [await replaced(aliceAfter), await replaced(bob)];
    const rotation = await createChannelService({ ...bobLast, channelId }).resealChangedKeys();
    assert.equal(rotation.rotated, true);
    const latest = await confirmed(createChannelService({ ...aliceLast, channelId }), "in epoch 2");
    assert.equal(latest.epoch, 2);
    const aliceLastView = (await createChannelService({ ...aliceLast, channelId }).history({ limit: 10 })).messages;
    assert.deepEqual(aliceLastView.map((m) => m.status), ["undecryptable", "undecryptable", "undecryptable", "confirmed"]);
    assert.ok(aliceLastView[0].error instanceof EpochKeySealedToEarlierKeyError);
  });
});
