import { describe, expect, it } from "@jest/globals";
import { MemoryBlockstore } from "blockstore-core";
import { toHex, type Address } from "viem";
import { eventTopic } from "@cairn/core/chain";
import { watchChannel } from "@cairn/core/chain";
import type { ChainMessage } from "@cairn/core/chain";
import { awaitsKey } from "@cairn/core/channel";
import { createChannelService } from "@cairn/core/channel";
import { createKeyring } from "@cairn/core/channel";
import { EpochKeyUnavailableError } from "@cairn/core/channel";
import { openChainMessage, reopenChainMessage } from "@cairn/core/channel";
import { prepareMessage } from "@cairn/core/channel";
import type { ChannelContext, ChannelMessage } from "@cairn/core/channel";
import { DecryptionFailedError, generateIdentityKey, generateKey, sealKey, type IdentityKeyPair } from "@cairn/core/crypto";
import { createPinningClient, createStorage } from "@cairn/core/ipfs";
import { until } from "../until.js";
import { memoryRegistryRpc } from "./memoryRegistryRpc.js";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const CAROL = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as const;
const CHANNEL = 7n;
const CHAIN_ID = 31337;


/**
 * A private channel on the in-memory registry: Alice created it in epoch 1, rotated it to
 * epoch 2, and posted one message in each epoch (blocks in `blockstore`). Carol has an identity
 * key but no key of the channel yet.
 */
async function privateChannel() {
  const rpc = memoryRegistryRpc();
  const deployment = { keyDirectory: ALICE, channelRegistry: rpc.registry, fromBlock: 0n };
  const blockstore = new MemoryBlockstore();
  const alice = generateIdentityKey();
  const carol = generateIdentityKey();
  const epochKeys = new Map([1, 2, 3].map((epoch) => [epoch, generateKey()]));
  const sealTo = async (identity: IdentityKeyPair, epoch: number) =>
    toHex(await sealKey({ key: epochKeys.get(epoch)!, recipientPublicKey: identity.publicKey, chainId: CHAIN_ID, registry: rpc.registry, channelId: CHANNEL, epoch }));
  const post = async (epoch: number, text: string) => {
    const sent = await prepareMessage({ ipfs: { blockstore }, chainId: CHAIN_ID, deployment, account: ALICE }, { channelId: CHANNEL, epoch, key: epochKeys.get(epoch)! }, text);
    rpc.emit(["Posted", { channelId: CHANNEL, sender: ALICE, wrappedCid: toHex(sent.wrappedCid) }]);
    return sent;
  };
  rpc.emit(["ChannelCreated", { channelId: CHANNEL, creator: ALICE, isPublic: false, metadata: "0x", keyMaterial: await sealTo(alice, 1) }]);
  const first = await post(1, "sent in epoch 1");
  rpc.emit(["KeyRotated", { channelId: CHANNEL, epoch: 2n }], ["EpochKeyShared", { channelId: CHANNEL, epoch: 2n, account: ALICE, sealedKey: await sealTo(alice, 2) }]);
  const second = await post(2, "sent in epoch 2");
  const readerContext = (account: Address, identity: IdentityKeyPair): ChannelContext => ({
    publicClient: rpc.client,
    sender: async () => {
      throw new Error("this reader sends nothing");
    },
    account,
    identity,
    ipfs: { blockstore },
    pinning: createPinningClient({ url: "http://127.0.0.1:9", token: "unused" }),
    chainId: CHAIN_ID,
    deployment,
    blockTimeoutMs: 1_000,
  });
  return { rpc, deployment, blockstore, carol, sealTo, post, first, second, readerContext };
}

describe("watchChannel keysFor", () => {
  it("reports the keys shared with the account, before the messages of the same poll, in one getLogs call per poll", async () => {
    const rpc = memoryRegistryRpc();
    const calls: string[] = [];
    rpc.emit(["Posted", { channelId: CHANNEL, sender: ALICE, wrappedCid: "0x0101" }]);
    const stop = watchChannel(rpc.client, {
      registry: rpc.registry,
      channelId: CHANNEL,
      fromBlock: 1n,
      pollingInterval: 10,
      keysFor: CAROL,
      onKeysShared: (epochs) => void calls.push(`keys ${epochs.join(",")}`),
      onMessages: (messages: ChainMessage[]) => void calls.push(`messages ${messages.map((m) => toHex(m.wrappedCid)).join(",")}`),
    });
    try {
      await until(() => calls.length === 1);
      const pollsBefore = rpc.getLogsCalls.length;
      rpc.emit(
        ["MemberAdded", { channelId: CHANNEL, account: CAROL, epoch: 3n }],
        ["EpochKeyShared", { channelId: CHANNEL, epoch: 3n, account: CAROL, sealedKey: "0xaa" }],
        ["EpochKeyShared", { channelId: CHANNEL, epoch: 3n, account: BOB, sealedKey: "0xbb" }],
        ["EpochKeyShared", { channelId: CHANNEL + 1n, epoch: 4n, account: CAROL, sealedKey: "0xcc" }],
        ["Posted", { channelId: CHANNEL, sender: ALICE, wrappedCid: "0x0202" }],
      );
      await until(() => calls.length === 3);
      // Messages and key shares come from the same filter: one getLogs for the new block.
      expect(rpc.getLogsCalls.length - pollsBefore).toBe(1);
      rpc.emit(["EpochKeyShared", { channelId: CHANNEL, epoch: 1n, account: CAROL, sealedKey: "0xdd" }]);
      await until(() => calls.length === 4);
      expect(calls).toEqual(["messages 0x0101", "keys 3", "messages 0x0202", "keys 1"]);
      expect(rpc.getLogsCalls.at(-1)!.topics![0]).toEqual([eventTopic("Posted"), eventTopic("BatchPosted"), eventTopic("EpochKeyShared")]);
    } finally {
      stop();
    }
  });

  it("without keysFor asks only for messages and reports no keys", async () => {
    const rpc = memoryRegistryRpc();
    const seen: ChainMessage[] = [];
    rpc.emit(["EpochKeyShared", { channelId: CHANNEL, epoch: 1n, account: CAROL, sealedKey: "0xdd" }], ["Posted", { channelId: CHANNEL, sender: ALICE, wrappedCid: "0x0303" }]);
    const stop = watchChannel(rpc.client, { registry: rpc.registry, channelId: CHANNEL, fromBlock: 1n, pollingInterval: 10, onMessages: (m) => void seen.push(...m) });
    try {
      await until(() => seen.length === 1);
      expect(rpc.getLogsCalls[0].topics![0]).toEqual([eventTopic("Posted"), eventTopic("BatchPosted")]);
    } finally {
      stop();
    }
  });
});

describe("createKeyring holds / onKeys", () => {
  it("tells listeners only the epochs each read finds for the first time", async () => {
    const { rpc, carol, sealTo, readerContext } = await privateChannel();
    const keyring = createKeyring(readerContext(CAROL, carol), CHANNEL);
    const found: number[][] = [];
    const stop = keyring.onKeys((epochs) => found.push(epochs));
    await expect(keyring.key(2)).rejects.toBeInstanceOf(EpochKeyUnavailableError);
    expect(keyring.holds(2)).toBe(false);

    rpc.emit(["MemberAdded", { channelId: CHANNEL, account: CAROL, epoch: 2n }], ["EpochKeyShared", { channelId: CHANNEL, epoch: 2n, account: CAROL, sealedKey: await sealTo(carol, 2) }]);
    await keyring.state({ maxAgeMs: 0 });
    expect(found).toEqual([[2]]);
    expect(keyring.holds(2)).toBe(true);
    expect(keyring.holds(1)).toBe(false);

    rpc.emit(["EpochKeyShared", { channelId: CHANNEL, epoch: 1n, account: CAROL, sealedKey: await sealTo(carol, 1) }]);
    await keyring.state({ maxAgeMs: 0 });
    await keyring.state({ maxAgeMs: 0 });
    expect(found).toEqual([[2], [1]]);

    stop();
    rpc.emit(["KeyRotated", { channelId: CHANNEL, epoch: 3n }], ["EpochKeyShared", { channelId: CHANNEL, epoch: 3n, account: CAROL, sealedKey: await sealTo(carol, 3) }]);
    await keyring.state({ maxAgeMs: 0 });
    expect(keyring.holds(3)).toBe(true);
    expect(found).toHaveLength(2);
  });
});

describe("channel service: messages waiting for a key open when it arrives", () => {
  it("reopens in place exactly the messages of the epochs shared, while subscribed", async () => {
    const { rpc, carol, sealTo, first, second, readerContext } = await privateChannel();
    const service = createChannelService({ ...readerContext(CAROL, carol), channelId: CHANNEL });
    const { messages } = await service.history({ limit: 10 });
    expect(messages.map((m) => [m.status, m.epoch, awaitsKey(m)])).toEqual([
      ["undecryptable", 1, true],
      ["undecryptable", 2, true],
    ]);
    expect(service.reopenable(messages)).toEqual([]);
    expect((await service.reopen(messages)).size).toBe(0);

    const gained: number[][] = [];
    const live: ChannelMessage[] = [];
    const stopKeys = service.onKeys((epochs) => gained.push(epochs));
    const stop = service.subscribe((message) => live.push(message), { fromBlock: rpc.head + 1n, pollingInterval: 10 });
    try {
      // Carol is added in epoch 2: its key is sealed to her, epoch 1 is not (yet).
      rpc.emit(["MemberAdded", { channelId: CHANNEL, account: CAROL, epoch: 2n }], ["EpochKeyShared", { channelId: CHANNEL, epoch: 2n, account: CAROL, sealedKey: await sealTo(carol, 2) }]);
      await until(() => gained.length === 1);
      expect(gained).toEqual([[2]]);
      expect(service.reopenable(messages).map((m) => m.epoch)).toEqual([2]);
      const afterAdd = await service.reopen(messages);
      expect([...afterAdd.keys()]).toEqual([messages[1].id]);
      const shown = messages.map((m) => afterAdd.get(m.id) ?? m);
      expect(afterAdd.get(messages[1].id)).toMatchObject({
        id: second.id,
        status: "confirmed",
        text: "sent in epoch 2",
        txHash: messages[1].txHash,
        blockNumber: messages[1].blockNumber,
        blockTimestamp: messages[1].blockTimestamp,
      });

      // The admin shares the earlier history.
      rpc.emit(["EpochKeyShared", { channelId: CHANNEL, epoch: 1n, account: CAROL, sealedKey: await sealTo(carol, 1) }]);
      await until(() => gained.length === 2);
      expect(gained[1]).toEqual([1]);
      expect(service.reopenable(shown)).toEqual([messages[0]]);
      const afterHistory = await service.reopen(shown);
      expect([...afterHistory.values()].map((m) => [m.id, m.status, m.text])).toEqual([[first.id, "confirmed", "sent in epoch 1"]]);
      expect(live).toEqual([]);
    } finally {
      stop();
      stopKeys();
    }
  });
});

describe("awaitsKey / reopenChainMessage", () => {
  it("only a message missing its epoch key waits; other failures and opened messages do not, and reopen leaves them as they are", async () => {
    const { rpc, deployment, blockstore } = await privateChannel();
    const key = generateKey();
    const sent = await prepareMessage({ ipfs: { blockstore }, chainId: CHAIN_ID, deployment, account: ALICE }, { channelId: CHANNEL, epoch: 5, key }, "five");
    const chainMessage: ChainMessage = { channelId: CHANNEL, sender: ALICE, wrappedCid: sent.wrappedCid, blockNumber: 9n, logIndex: 1, batchIndex: 0, txHash: `0x${"11".repeat(32)}`, timestamp: 1_700_000_018 };
    const keys = new Map<number, Uint8Array>();
    const context = {
      chainId: CHAIN_ID,
      registry: rpc.registry,
      keyFor: async (epoch: number) => keys.get(epoch) ?? Promise.reject(new EpochKeyUnavailableError(CHANNEL, epoch)),
      storage: createStorage({ blockstore }),
      blockTimeoutMs: 1_000,
    };
    const missing = await openChainMessage(context, chainMessage);
    expect(awaitsKey(missing)).toBe(true);
    expect(missing.wrappedCid).toEqual(sent.wrappedCid);

    keys.set(5, generateKey());
    const wrong = await reopenChainMessage(context, missing);
    expect(wrong.error).toBeInstanceOf(DecryptionFailedError);
    expect(awaitsKey(wrong)).toBe(false);

    keys.set(5, key);
    const opened = await reopenChainMessage(context, missing);
    expect(opened).toMatchObject({ id: sent.id, status: "confirmed", text: "five", blockTimestamp: 1_700_000_018, logIndex: 1 });
    expect(opened.wrappedCid).toBeUndefined();
    expect(awaitsKey(opened)).toBe(false);
    expect(await reopenChainMessage(context, opened)).toBe(opened);
  });
});
