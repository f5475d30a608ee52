/**
 * Nothing lost, nothing posted twice: sends through an RPC endpoint that loses, truncates or
 * never sends its replies (test/contracts/faultyRpc.ts in front of Hardhat's in-process chain),
 * from a key signed here (the CLI, a session key) and from a wallet (eth_sendTransaction).
 * Every test reads the channel's logs from the chain afterwards and checks that each message is
 * there exactly once. IPFS is the sender's in-memory blockstore (pinning is not under test).
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { MemoryBlockstore } from "blockstore-core";
import {
  createPublicClient,
  createWalletClient,
  custom,
  decodeFunctionData,
  defineChain,
  http,
  isAddressEqual,
  parseEther,
  toHex,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createNonceManager, jsonRpc } from "viem/nonce";
import {
  authorizeSessionKeyTx,
  channelMessageFetcher,
  channelRegistryAbi,
  ConcurrentSendError,
  createChannel,
  createChannelService,
  createTxSender,
  ContractRevertedError,
  dedupeMessages,
  generateIdentityKey,
  NONCE_ATTEMPTS,
  postTx,
  publishKeyTx,
  TransactionFailedError,
  TransactionPendingError,
  TransactionUnacknowledgedError,
  wrappedCidEpoch,
  type ChainMessage,
  type ChannelContext,
  type OutgoingMessage,
  type PinningClient,
  type SendTxOptions,
  type TxSender,
} from "@cairn/core";
import { createSessionKey, createSessionKeySender, queueSends, sweepSessionKey } from "@cairn/core/session";
import { deployCairn } from "../../scripts/contracts/deployCairn.js";
import { startFaultyRpc, type FaultyRpc } from "./faultyRpc.js";

const chain = defineChain({
  id: 31337,
  name: "hardhat",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: ["http://127.0.0.1"] } },
});
/** Each RPC request gives up after 1 s; each send after 4 s (the production bound is DEFAULT_SEND_TIMEOUT_MS). */
const REQUEST_TIMEOUT_MS = 1_000;
const SEND_TIMING: Pick<SendTxOptions, "timeoutMs" | "pollingIntervalMs"> = { timeoutMs: 4_000, pollingIntervalMs: 50 };
/** Messages are pinned nowhere: the test reads them back from the sender's own blockstore. */
const noPinning = { uploadDag: async () => ({}) } as unknown as PinningClient;

const { connection, keyDirectory, registry, wallets } = await deployCairn();
const provider = connection.provider;
const deployment = { keyDirectory: keyDirectory.address, channelRegistry: registry.address, fromBlock: 0n };
/** Reads the chain directly, never through the faults. */
const direct = createPublicClient({ chain, transport: custom(provider) }) as PublicClient;
const setAutomine = (on: boolean) => provider.request({ method: "evm_setAutomine", params: [on] });
const mine = () => provider.request({ method: "evm_mine", params: [] });

describe("sends through a faulty RPC: nothing lost, nothing posted twice", () => {
  let rpc: FaultyRpc;
  let publicClient: PublicClient;
  const transport = () => http(rpc.url, { timeout: REQUEST_TIMEOUT_MS, retryCount: 0 });

  before(async () => {
    rpc = await startFaultyRpc(provider);
    publicClient = createPublicClient({ chain, transport: transport(), pollingInterval: 50 }) as PublicClient;
  });
  after(() => rpc.close());
  beforeEach(async () => {
    rpc.resume();
    await setAutomine(true);
  });

  /** A fresh funded key signed here, as the CLI and a session key do (its own nonce manager: one process). */
  const keyAccount = async (privateKey: Hex = generatePrivateKey()) => {
    const account = privateKeyToAccount(privateKey, { nonceManager: createNonceManager({ source: jsonRpc() }) });
    await provider.request({ method: "hardhat_setBalance", params: [account.address, toHex(parseEther("10"))] });
    return account;
  };
  const keySender = (account: Awaited<ReturnType<typeof keyAccount>>): TxSender =>
    createTxSender({ walletClient: createWalletClient({ account, chain, transport: transport() }), publicClient }, SEND_TIMING);
  /** A wallet that signs and sends itself (eth_sendTransaction on the node's unlocked account). */
  const walletSender = (address: Address): TxSender =>
    createTxSender({ walletClient: createWalletClient({ account: address, chain, transport: transport() }), publicClient }, SEND_TIMING);

  const contextFor = (account: Address, sender: TxSender): ChannelContext => ({
    publicClient,
    sender,
    account,
    identity: generateIdentityKey(),
    ipfs: { blockstore: new MemoryBlockstore() },
    pinning: noPinning,
    chainId: chain.id,
    deployment,
    blockTimeoutMs: 1_000,
  });

  /** A public channel of its own for one test, created by `context`. */
  const channelOf = async (context: ChannelContext) => {
    const { channelId } = await createChannel(context, { kind: "public", name: `faults-${Date.now()}` });
    return createChannelService({ ...context, channelId });
  };

  /** Every message item of the channel on the chain, read directly. */
  const onChain = async (channelId: bigint): Promise<ChainMessage[]> =>
    channelMessageFetcher(direct, deployment.channelRegistry, channelId)({ fromBlock: 0n, toBlock: await direct.getBlockNumber({ cacheTime: 0 }) });

  /** Each message is on the chain exactly once (as finally sealed), and nothing else is. */
  const assertExactlyOnce = async (channelId: bigint, messages: readonly OutgoingMessage[]) => {
    const items = (await onChain(channelId)).map((item) => toHex(item.wrappedCid));
    assert.deepEqual(items.toSorted(), messages.map((message) => toHex(message.wrappedCid)).toSorted());
  };

  it("a lost reply to eth_sendRawTransaction: checked by hash, not sent twice, reported confirmed", async () => {
    const account = await keyAccount();
    const channel = await channelOf(contextFor(account.address, keySender(account)));
    rpc.inject("eth_sendRawTransaction", "drop");
    const message = await channel.send("reply lost");
    assert.equal(message.status, "confirmed", message.error?.message ?? "");
    assert.equal(message.attempts.length, 1);
    assert.equal(message.txHash, message.attempts[0].sent.hash);
    await assertExactlyOnce(channel.channelId, [message]);
  });

  it("a truncated reply to eth_sendRawTransaction, then to the receipt: confirmed once", async () => {
    const account = await keyAccount();
    const channel = await channelOf(contextFor(account.address, keySender(account)));
    rpc.inject("eth_sendRawTransaction", "truncate");
    rpc.inject("eth_getTransactionReceipt", "truncate", 2);
    const message = await channel.send("reply cut short");
    assert.equal(message.status, "confirmed", message.error?.message ?? "");
    await assertExactlyOnce(channel.channelId, [message]);
  });

  it("a session key's lost reply (postAs): checked by hash, posted once for the wallet", async () => {
    const wallet = wallets[2].account.address;
    const key = createSessionKey();
    const walletContext = contextFor(wallet, walletSender(wallet));
    const { timestamp } = await direct.getBlock();
    await walletContext.sender(authorizeSessionKeyTx(deployment.channelRegistry, { key: key.account.address, expiry: timestamp + 3_600n, funding: parseEther("1") }));
    const sessionSender = createSessionKeySender({ publicClient, key, expiry: timestamp + 3_600n, timing: SEND_TIMING });
    const { channelId } = await createChannel(walletContext, { kind: "public", name: "session" });
    const channel = createChannelService({ ...walletContext, sessionKey: () => sessionSender, channelId });
    rpc.inject("eth_sendRawTransaction", "drop");
    const message = await channel.send("via the session key");
    assert.equal(message.status, "confirmed", message.error?.message ?? "");
    assert.ok(isAddressEqual(message.attempts[0].sent.from, key.account.address));
    const [item] = await onChain(channelId);
    assert.ok(isAddressEqual(item.sender, wallet), "attributed to the wallet");
    await assertExactlyOnce(channelId, [message]);
  });

  it("sweeping a session key (viem wallet client, the key's nonce manager) returns all but the transfer fee to the wallet, once", async () => {
    const wallet = wallets[3].account.address;
    const key = createSessionKey();
    const walletContext = contextFor(wallet, walletSender(wallet));
    const { timestamp } = await direct.getBlock();
    await walletContext.sender(authorizeSessionKeyTx(deployment.channelRegistry, { key: key.account.address, expiry: timestamp + 3_600n, funding: parseEther("1") }));
    const before = await direct.getBalance({ address: wallet });
    const hash = await sweepSessionKey({ publicClient, key, chainId: chain.id, to: wallet });
    assert.ok(hash);
    const { gasUsed, effectiveGasPrice } = await direct.getTransactionReceipt({ hash });
    const left = await direct.getBalance({ address: key.account.address });
    assert.ok(left <= 21_000n * effectiveGasPrice * 2n, `at most the fee margin stays on the key (${left})`);
    assert.equal((await direct.getBalance({ address: wallet })) - before, parseEther("1") - gasUsed * effectiveGasPrice - left);
    assert.equal(await direct.getTransactionCount({ address: key.account.address }), 1, "one transaction");
    assert.equal(await sweepSessionKey({ publicClient, key, chainId: chain.id, to: wallet }), null, "nothing left to sweep");
  });

  it("a lost reply to a wallet's eth_sendTransaction: found on chain, not sent again, confirmed", async () => {
    const address = wallets[1].account.address;
    const channel = await channelOf(contextFor(address, walletSender(address)));
    const sendsBefore = rpc.calls.filter((method) => method === "eth_sendTransaction").length;
    rpc.inject("eth_sendTransaction", "drop");
    const message = await channel.send("wallet reply lost");
    assert.equal(message.status, "confirmed", message.error?.message ?? "");
    assert.equal(rpc.calls.filter((method) => method === "eth_sendTransaction").length - sendsBefore, 1, "the wallet was asked once");
    await assertExactlyOnce(channel.channelId, [message]);
  });

  it("the outbox watches sends that outlast the bound (lost replies, blocks not mined) until they land, and posts each once", async () => {
    const account = await keyAccount();
    const channel = queueSends(await channelOf(contextFor(account.address, keySender(account))), { backoffMs: 10, pendingPollMs: 100 });
    rpc.inject("eth_sendRawTransaction", "drop", 2);
    rpc.inject("eth_getTransactionReceipt", "drop", 3);
    await setAutomine(false);
    const statuses: string[] = [];
    const sending = Promise.all(["one", "two", "three"].map((text) => channel.send(text, { onStatus: (message) => statuses.push(message.status) })));
    await new Promise((resolve) => setTimeout(resolve, SEND_TIMING.timeoutMs! + 1_000));
    assert.ok(statuses.includes("pending"), "shown pending meanwhile");
    assert.ok(!statuses.includes("failed"), "never failed");
    await mine();
    await setAutomine(true);
    const messages = await sending;
    assert.deepEqual(messages.map((message) => message.status), ["confirmed", "confirmed", "confirmed"]);
    await assertExactlyOnce(channel.channelId, messages);
  });

  it("a transaction not mined within the bound is pending with its hash, never failed, and confirmed once it lands", async () => {
    const account = await keyAccount();
    const channel = await channelOf(contextFor(account.address, keySender(account)));
    await setAutomine(false);
    const started = performance.now();
    const message = await channel.send("slow block");
    const waited = performance.now() - started;
    console.log(`not mined: pending after ${waited.toFixed(0)} ms (bound ${SEND_TIMING.timeoutMs} ms)`);
    assert.equal(message.status, "pending");
    assert.ok(message.error instanceof TransactionPendingError, String(message.error));
    assert.match(message.error.shortMessage, /^Sent as 0x[0-9a-f]{64}, not yet mined after \d+ s\.$/);
    assert.equal(message.txHash, message.attempts[0].sent.hash);
    assert.ok(waited < SEND_TIMING.timeoutMs! + 1_500, "bounded wait");

    // Delivered again while still pending: nothing is sent, it stays pending.
    const sends = rpc.calls.filter((method) => method === "eth_sendRawTransaction").length;
    await channel.retry(message);
    assert.equal(message.status, "pending");
    assert.equal(rpc.calls.filter((method) => method === "eth_sendRawTransaction").length, sends);

    await mine();
    await setAutomine(true);
    await channel.retry(message);
    assert.equal(message.status, "confirmed");
    await assertExactlyOnce(channel.channelId, [message]);
  });

  it("a node that stalls after accepting the transaction: the send gives up within the bound, says what is known (the hash), and lands once", async () => {
    const account = await keyAccount();
    const channel = await channelOf(contextFor(account.address, keySender(account)));
    const message = await channel.prepare("node stalled");
    rpc.inject("eth_sendRawTransaction", "stall");
    const started = performance.now();
    await channel.retry(message);
    const waited = performance.now() - started;
    console.log(`stalled node: send settled after ${waited.toFixed(0)} ms (bound ${SEND_TIMING.timeoutMs} ms)`);
    assert.ok(waited < SEND_TIMING.timeoutMs! + 2 * REQUEST_TIMEOUT_MS, "bounded: the send's bound, then one read");
    assert.equal(message.status, "pending");
    assert.ok(message.error instanceof TransactionUnacknowledgedError, String(message.error));
    assert.equal(message.error.txHash, message.attempts[0].sent.hash);
    assert.match(message.error.shortMessage, /^Sent as 0x[0-9a-f]{64}, but the RPC endpoint did not confirm receiving it/);
    assert.equal(message.txHash, message.attempts[0].sent.hash);

    rpc.resume();
    await channel.retry(message);
    assert.equal(message.status, "confirmed", message.error?.message ?? "");
    await assertExactlyOnce(channel.channelId, [message]);
  });

  it("a pending transaction the node dropped is replaced with the same nonce, not added", async () => {
    const account = await keyAccount();
    const channel = await channelOf(contextFor(account.address, keySender(account)));
    await setAutomine(false);
    const message = await channel.send("dropped from the mempool");
    assert.equal(message.status, "pending");
    const { nonce, hash } = message.attempts[0].sent;
    await provider.request({ method: "hardhat_dropTransaction", params: [hash] });
    await setAutomine(true);
    const sends = rpc.calls.filter((method) => method === "eth_sendRawTransaction").length;
    await channel.retry(message);
    assert.equal(message.status, "confirmed", message.error?.message ?? "");
    assert.equal(rpc.calls.filter((method) => method === "eth_sendRawTransaction").length, sends + 1, "sent again");
    assert.equal(message.attempts.length, 1, "one attempt: the same nonce, the same message");
    assert.equal(message.attempts[0].sent.nonce, nonce);
    await assertExactlyOnce(channel.channelId, [message]);
  });

  it("two senders of one account at once (two CLI processes): every message once, each sender's in order, no bare error", async () => {
    const privateKey = generatePrivateKey();
    const [a, b] = [await keyAccount(privateKey), await keyAccount(privateKey)];
    const first = await channelOf(contextFor(a.address, keySender(a)));
    const second = createChannelService({ ...contextFor(b.address, keySender(b)), channelId: first.channelId });
    const conflictsBefore = rpc.nodeErrors.filter((text) => /nonce/i.test(text)).length;
    const run = async (channel: typeof first, name: string) => {
      const sent: OutgoingMessage[] = [];
      for (let i = 0; i < 8; i++) sent.push(await channel.send(`${name} ${i}`));
      return sent;
    };
    const [fromA, fromB] = await Promise.all([run(first, "a"), run(second, "b")]);
    for (const message of [...fromA, ...fromB]) {
      assert.equal(message.status, "confirmed", message.error?.message ?? "");
      assert.ok(!(message.error instanceof TransactionFailedError));
    }
    const conflicts = rpc.nodeErrors.filter((text) => /nonce/i.test(text)).length - conflictsBefore;
    console.log(`two senders, one key: 16 messages, ${conflicts} nonce conflicts resolved`);
    await assertExactlyOnce(first.channelId, [...fromA, ...fromB]);
    const order = (await onChain(first.channelId)).map((item) => toHex(item.wrappedCid));
    for (const sent of [fromA, fromB]) {
      const positions = sent.map((message) => order.indexOf(toHex(message.wrappedCid)));
      assert.deepEqual(positions, positions.toSorted((x, y) => x - y), "in order");
    }
  });

  it("many senders of one account at once: each transaction mined once, or told another send is in progress", async () => {
    const privateKey = generatePrivateKey();
    const accounts = await Promise.all(Array.from({ length: 12 }, () => keyAccount(privateKey)));
    const transfer = (i: number) => ({ to: accounts[0].address, data: "0x" as const, value: BigInt(i + 1) });
    const results = await Promise.allSettled(accounts.map((account, i) => keySender(account)(transfer(i))));
    for (const result of results) {
      if (result.status === "rejected") assert.ok(result.reason instanceof ConcurrentSendError, String(result.reason));
    }
    const hashes = results.flatMap((result) => (result.status === "fulfilled" ? [result.value.transactionHash] : []));
    assert.equal(new Set(hashes).size, hashes.length, "one transaction each");
    console.log(`12 senders of one key at once: ${hashes.length} mined, ${12 - hashes.length} told another send is in progress`);
  });

  it("a nonce taken again and again: a fresh nonce each time, then ConcurrentSendError (nothing sent)", async () => {
    const account = await keyAccount();
    const sender = keySender(account);
    const transfer = { to: account.address, data: "0x" as const, value: 1n };
    rpc.inject("eth_sendRawTransaction", "nonce-taken", NONCE_ATTEMPTS - 1);
    assert.equal((await sender(transfer)).status, "success", "the last fresh nonce gets through");
    rpc.inject("eth_sendRawTransaction", "nonce-taken", NONCE_ATTEMPTS);
    await assert.rejects(sender(transfer), (error: unknown) => {
      assert.ok(error instanceof ConcurrentSendError, String(error));
      assert.match(error.shortMessage, /^Another send from 0x[0-9a-fA-F]{40} is in progress/);
      return true;
    });
    assert.equal(await direct.getTransactionCount({ address: account.address }), 1);
  });

  it("readers show a wrapped CID posted twice as one message, at its first position", async () => {
    const account = await keyAccount();
    const context = contextFor(account.address, keySender(account));
    const channel = await channelOf(context);
    const message = await channel.prepare("posted twice");
    const first = await context.sender(postTx(deployment.channelRegistry, { channelId: channel.channelId, wrappedCid: message.wrappedCid }));
    await context.sender(postTx(deployment.channelRegistry, { channelId: channel.channelId, wrappedCid: message.wrappedCid }));
    assert.equal((await onChain(channel.channelId)).length, 2);
    const { messages } = await channel.history({ limit: 10 });
    assert.equal(messages.length, 1);
    assert.equal(messages[0].id, message.id);
    assert.equal(messages[0].txHash, first.transactionHash);
    assert.equal(dedupeMessages([...messages, ...messages]).length, 1);
  });

  it("a message prepared under epoch e and sent after a rotation is sealed again and posted under e+1", async () => {
    const [alice, bob] = [await keyAccount(), await keyAccount()];
    const aliceContext = contextFor(alice.address, keySender(alice));
    const bobContext = { ...contextFor(bob.address, keySender(bob)), ipfs: aliceContext.ipfs };
    for (const context of [aliceContext, bobContext]) await context.sender(publishKeyTx(deployment.keyDirectory, { publicKey: context.identity.publicKey }));
    const { channelId } = await createChannel(aliceContext, { kind: "private", name: "rotating", members: [bob.address] });
    const channel = createChannelService({ ...aliceContext, channelId });
    const message = await channel.prepare("queued across a rotation");
    const before = { id: message.id, epoch: message.epoch };
    assert.equal(before.epoch, 1);
    await channel.rotateKey();
    await channel.retry(message);
    assert.equal(message.status, "confirmed", message.error?.message ?? "");
    assert.equal(message.epoch, 2);
    assert.notEqual(message.id, before.id, "a new block");
    const items = await onChain(channelId);
    assert.deepEqual(items.map((item) => wrappedCidEpoch(item.wrappedCid)), [2]);
    await assertExactlyOnce(channelId, [message]);
    const { messages } = await createChannelService({ ...bobContext, channelId }).history({ limit: 5 });
    assert.deepEqual(messages.map((read) => [read.status, read.text, read.epoch]), [["confirmed", "queued across a rotation", 2]]);
  });

  it("a rotation between the client's check and the post: the registry's ChannelStaleEpoch makes it seal again and post under e+1", async () => {
    const alice = await keyAccount();
    const aliceContext = contextFor(alice.address, keySender(alice));
    await aliceContext.sender(publishKeyTx(deployment.keyDirectory, { publicKey: aliceContext.identity.publicKey }));
    const { channelId } = await createChannel(aliceContext, { kind: "private", name: "racing" });
    const admin = createChannelService({ ...aliceContext, channelId });
    // The first post lands just after a rotation and is refused as the v2 registry refuses it.
    let raced = false;
    const racing: TxSender = async (tx, options) => {
      if (raced || !decodeFunctionData({ abi: channelRegistryAbi, data: tx.data }).functionName.startsWith("post")) return aliceContext.sender(tx, options);
      raced = true;
      await admin.rotateKey();
      // What decodeTxError makes of the v2 registry's revert: the error by name, with its arguments.
      throw new ContractRevertedError("ChannelStaleEpoch", [channelId, 2, 1]);
    };
    const channel = createChannelService({ ...aliceContext, sender: racing, channelId });
    const message = await channel.send("posted as the key changes");
    assert.ok(raced);
    assert.equal(message.status, "confirmed", message.error?.message ?? "");
    assert.equal(message.epoch, 2);
    assert.deepEqual((await onChain(channelId)).map((item) => wrappedCidEpoch(item.wrappedCid)), [2]);
    await assertExactlyOnce(channelId, [message]);
  });
});
