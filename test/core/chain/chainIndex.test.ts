/**
 * The chain index against the real registry on a Hardhat node with a pre-mined history, read
 * through the testnet-like RPC harness (1,000-block cap with Alchemy's refusals, 20 calls/s,
 * 80 ms): what a fresh device, a returning one and a live tab cost in requests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import type { Hex } from "viem";
import { createChainIndex, type ChainIndex } from "@cairn/core/chain";
import { createMemoryLogStore } from "@cairn/core/chain";
import { addMemberTx } from "@cairn/core/chain";
import { publishKeyTx } from "@cairn/core/chain";
import type { LogCacheStore } from "@cairn/core/chain";
import { decodeChannelMetadata, generateIdentityKey } from "@cairn/core/crypto";
import { createFileLogStore } from "../../../scripts/cli/createFileLogStore.js";
import { testAccount } from "../../../scripts/stack/testAccounts.js";
import { until } from "../until.js";
import { startCairnChain, type CairnChain } from "../../../testkit/startCairnChain.js";

const CREATOR = 1;
const READER = 2;
const OTHER = 3;

describe("createChainIndex behind a 1,000-block cap, 20 calls/s, 80 ms", () => {
  let cairn: CairnChain;
  let channels: bigint[];
  let busy: bigint;
  /** The busy channel's posts, oldest first: [block, sender]. */
  const posted: [bigint, number][] = [];
  // The CLI's on-disk store (--data-dir): a returning run reads it back from the files.
  const dataDir = mkdtempSync(join(tmpdir(), "cairn-index-"));
  const store = () => createFileLogStore(dataDir);
  const indexes: ChainIndex[] = [];

  beforeAll(async () => {
    cairn = await startCairnChain({ historyBlocks: 1_000_000 });
    channels = [];
    for (let n = 0; n < 20; n++) {
      const id = await cairn.createPublicChannel(CREATOR, `channel ${n}`);
      await cairn.join(READER, id);
      channels.push(id);
    }
    busy = channels[0];
    // 120 messages 1,700 blocks apart: each 1,000-block window holds at most one.
    for (let n = 0; n < 120; n++) {
      const sender = n % 2 === 0 ? CREATOR : READER;
      posted.push([await cairn.post(sender, busy), sender]);
      await cairn.mine(1_700);
    }
  }, 300_000);

  afterEach(() => {
    for (const index of indexes.splice(0)) index.stop();
  });

  afterAll(async () => {
    await cairn?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const open = (options: { store?: LogCacheStore; follow?: boolean; pollingInterval?: number } = {}) => {
    const index = createChainIndex({
      client: cairn.client(),
      chainId: 31337,
      deployment: cairn.deployment,
      account: testAccount(READER).address,
      store: options.store ?? store(),
      follow: options.follow,
      pollingInterval: options.pollingInterval,
    });
    indexes.push(index);
    return index;
  };
  const calls = () => {
    const { byMethod } = cairn.harness.stats();
    return Object.values(byMethod).reduce((sum, n) => sum + n, 0);
  };
  const namesOf = (index: ChainIndex, ids: readonly bigint[]) => ids.map((id) => decodeChannelMetadata(index.channel(id).state!.metadata.bytes).name);

  it("cold start: the account's 20 channels with names from a handful of reads, then the newest 50 messages, newest first, about one read per window", async () => {
    cairn.harness.reset();
    const index = open({ follow: false });
    const ids = await index.channels();
    expect([...ids].sort()).toEqual([...channels].sort());
    await until(() => ids.every((id) => index.channel(id).state !== undefined), 30_000);
    expect(namesOf(index, channels)).toEqual(channels.map((_, n) => `channel ${n}`));
    const sidebar = cairn.harness.stats().byMethod;
    // Deployment block, head; lastMembershipBlock; the account chain; 20 channelInfo in one multicall; the 20 state chains together.
    expect(calls()).toBeLessThanOrEqual(10);
    expect(sidebar.eth_getLogs).toBeLessThanOrEqual(3);

    const seen: number[] = [];
    const unsubscribe = index.subscribe(() => void seen.push(index.channel(busy).messages.length));
    const before = calls();
    await index.loadOlder(busy, 50);
    unsubscribe();
    const { messages } = index.channel(busy);
    expect(messages.length).toBe(50);
    expect(messages.map((m) => m.blockNumber)).toEqual(posted.slice(-50).map(([block]) => block));
    // Progressive: the newest message was told first, then one more per window.
    expect(seen.find((count) => count > 0)).toBe(1);
    expect(calls() - before).toBeLessThanOrEqual(55);
    expect(cairn.harness.stats().refused.rateLimited).toBe(0);
  }, 120_000);

  it("resume (the CLI's --data-dir files): a returning index reads only the blocks after its records, and shows the 50 messages it kept without a request", async () => {
    await cairn.post(CREATOR, busy);
    cairn.harness.reset();
    const index = open({ follow: false });
    await index.sync();
    const ids = await index.channels();
    expect([...ids].sort()).toEqual([...channels].sort());
    expect(index.channel(busy).messages).toHaveLength(51);
    const { byMethod } = cairn.harness.stats();
    expect(byMethod.eth_getLogs).toBe(1);
    expect(byMethod.eth_call ?? 0).toBe(0);
    expect(calls()).toBeLessThanOrEqual(4);
  }, 60_000);

  it("a channel the account is added to shows up from the AccountLinked log in the one stream, with its state read once", async () => {
    const index = open({ store: createMemoryLogStore() });
    await index.channels();
    await until(() => index.snapshot().channels!.every((id) => index.channel(id).state !== undefined), 30_000);
    const fresh = await cairn.createPublicChannel(OTHER, "added later");
    const before = calls();
    await cairn.join(READER, fresh);
    await until(() => index.snapshot().channels!.includes(fresh) && index.channel(fresh).state !== undefined, 30_000);
    expect(namesOf(index, [fresh])).toEqual(["added later"]);
    // A poll or two (header + eth_getLogs), lastMembershipBlock + that block, channelInfo + its state chain.
    expect(calls() - before).toBeLessThanOrEqual(10);
    await cairn.post(OTHER, fresh);
    await until(() => index.channel(fresh).messages.length === 1, 30_000);
  }, 60_000);

  it("key changes of watched accounts come from KeyPublished logs in the same stream, without another view", async () => {
    const index = open({ store: createMemoryLogStore() });
    await index.channels();
    const creator = testAccount(CREATOR).address;
    await cairn.send(CREATOR, publishKeyTx(cairn.deployment.keyDirectory, { publicKey: generateIdentityKey().publicKey }));
    const stop = index.watchKeys([creator]);
    await until(() => index.keyRecord(creator) !== undefined, 30_000);
    expect(index.keyRecord(creator)!.keyCount).toBe(1);
    const views = cairn.harness.stats().byMethod.eth_call ?? 0;
    const next = generateIdentityKey().publicKey;
    const block = await cairn.send(CREATOR, publishKeyTx(cairn.deployment.keyDirectory, { publicKey: next }));
    await until(() => index.keyRecord(creator)!.keyCount === 2, 30_000);
    expect(index.keyRecord(creator)).toMatchObject({ key: next, publishedBlock: block });
    expect(cairn.harness.stats().byMethod.eth_call ?? 0).toBe(views);
    stop();
  }, 60_000);

  it("idle: a header request per poll, and no eth_getLogs for blocks whose logs bloom rules the contracts out", async () => {
    const index = open({ store: createMemoryLogStore(), pollingInterval: 400 });
    await index.channels();
    await until(() => index.snapshot().channels!.every((id) => index.channel(id).state !== undefined), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    cairn.harness.reset();
    const heads: (bigint | undefined)[] = [];
    index.subscribe(() => heads.push(index.snapshot().head));
    for (let n = 0; n < 6; n++) {
      await cairn.mine(1);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const { byMethod } = cairn.harness.stats();
    expect(byMethod.eth_getLogs ?? 0).toBe(0);
    // Each new head is told once, and it is the chain's (what the app shows as "the latest block").
    const told = [...new Set(heads)];
    expect(told.length).toBeGreaterThanOrEqual(5);
    expect(told.at(-1)).toBe(await cairn.client().getBlockNumber());
    expect(byMethod.eth_getBlockByNumber).toBeLessThanOrEqual(6 * 3 + 2);
  }, 60_000);

  it("a reorg in the live view: messages of the replaced blocks leave, those of the new blocks arrive once", async () => {
    const index = open({ store: createMemoryLogStore() });
    await index.channels();
    const watched = channels[5];
    await until(() => index.channel(watched).state !== undefined, 30_000);
    const snapshot = await cairn.rpc<Hex>("evm_snapshot");
    const replaced = [await cairn.post(CREATOR, watched), await cairn.post(READER, watched)];
    await until(() => index.channel(watched).messages.length === 2, 30_000);
    const gone = index.channel(watched).messages.map((m) => m.txHash);
    await cairn.rpc("evm_revert", [snapshot]);
    const again = [await cairn.post(READER, watched), await cairn.post(CREATOR, watched), await cairn.post(CREATOR, watched)];
    expect(again.slice(0, 2)).toEqual(replaced);
    await until(() => index.channel(watched).messages.length === 3 && index.channel(watched).messages.every((m) => !gone.includes(m.txHash)), 30_000);
    const messages = index.channel(watched).messages;
    expect(messages.map((m) => m.blockNumber)).toEqual(again);
    expect(new Set(messages.map((m) => `${m.txHash}:${m.logIndex}:${m.batchIndex}`)).size).toBe(3);
  }, 60_000);

  it("a channel someone else adds the account to, and that id never created, both through the stream", async () => {
    const index = open({ store: createMemoryLogStore() });
    await index.channels();
    const missing = 12_345n;
    const stopWatching = index.watch(missing);
    await until(() => index.channel(missing).error !== undefined, 30_000);
    expect((index.channel(missing).error as Error).name).toBe("ChannelNotFoundError");
    stopWatching();
    const privateId = await cairn.createPublicChannel(OTHER, "public, then a member added");
    await cairn.send(OTHER, addMemberTx(cairn.deployment.channelRegistry, { channelId: privateId, account: testAccount(READER).address, sealedKey: "0x" }));
    await until(() => index.snapshot().channels!.includes(privateId), 30_000);
    await until(() => index.channel(privateId).state?.members.some((m) => m.added) === true, 30_000);
  }, 60_000);
});

describe("createChainIndex behind a 5-block cap", () => {
  let cairn: CairnChain;

  beforeAll(async () => {
    cairn = await startCairnChain({ historyBlocks: 100_000, harness: { logsBlockRangeCap: 5, requestsPerSecond: 0, latencyMs: 0 } });
  }, 120_000);

  afterAll(async () => {
    await cairn?.stop();
  });

  it("loads everything completely and correctly, only with more reads", async () => {
    const ids: bigint[] = [];
    for (let n = 0; n < 3; n++) {
      ids.push(await cairn.createPublicChannel(CREATOR, `small ${n}`));
      await cairn.mine(40);
      await cairn.join(READER, ids[n]);
    }
    const blocks: bigint[] = [];
    for (let n = 0; n < 12; n++) {
      blocks.push(await cairn.post(n % 3 === 0 ? READER : CREATOR, ids[1]));
      await cairn.mine(n % 4 === 0 ? 900 : 7);
    }
    const index = createChainIndex({ client: cairn.client(), chainId: 31337, deployment: cairn.deployment, account: testAccount(READER).address, follow: false });
    const joined = await index.channels();
    expect([...joined].sort()).toEqual([...ids].sort());
    await until(() => ids.every((id) => index.channel(id).state !== undefined), 30_000);
    await index.loadOlder(ids[1], 100);
    expect(index.channel(ids[1]).complete).toBe(true);
    expect(index.channel(ids[1]).messages.map((m) => m.blockNumber)).toEqual(blocks);
    expect(cairn.harness.stats().refused.blockRange).toBeGreaterThan(0);
  }, 120_000);
});
