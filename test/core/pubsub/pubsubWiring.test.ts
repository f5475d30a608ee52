import { describe, expect, it } from "@jest/globals";
import { keccak256, parseTransaction, recoverTransactionAddress, TransactionNotFoundError, type PublicClient } from "viem";
import { createDropCounter } from "@cairn/core/pubsub";
import { createPendingAnnouncer } from "@cairn/core/pubsub";
import type { PubsubHandler, PubsubRouter } from "@cairn/core/pubsub";
import { watchChannelPubsub } from "@cairn/core/pubsub";
import { channelTopic, decodePendingMessage, onlineMembers, openPresence, reducePresence, sealPresence, type PendingMessage, type PresenceBeat, type PresenceMap, type PresenceSigner } from "@cairn/core/pubsub";
import { alice, aliceSessionKey, chainView, deployment, mallory, pending, postCalldata, sealed, signTx, topic } from "../../../testkit/pendingMessageFixtures.js";

/** An in-memory pubsub: what is published, and the handlers of each topic (the verdicts they return). */
function memoryRouter() {
  const published: { topic: string; data: Uint8Array }[] = [];
  const handlers = new Map<string, Set<PubsubHandler>>();
  const router = {
    async publish(topic: string, data: Uint8Array) {
      published.push({ topic, data });
      return 1;
    },
    join(topic: string, handler: PubsubHandler) {
      handlers.set(topic, new Set([...(handlers.get(topic) ?? []), handler]));
      return () => handlers.get(topic)?.delete(handler);
    },
    subscribers: () => [],
    topics: () => [...handlers].filter(([, set]) => set.size > 0).map(([topic]) => topic),
    drops: createDropCounter(),
  } as unknown as PubsubRouter;
  const deliver = (topic: string, data: Uint8Array) => Promise.all([...(handlers.get(topic) ?? [])].map((handler) => handler(data, "peer")));
  return { router, published, deliver };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("sending pending messages", () => {
  it("publishes each message of a locally signed post on its epoch's topic", async () => {
    const { router, published } = memoryRouter();
    const [one, two] = [await sealed(alice.address, "one"), await sealed(alice.address, "two")];
    const serialized = await signTx(alice, postCalldata([one.wrappedCid, two.wrappedCid]));
    const announce = createPendingAnnouncer({ ...deployment, router, publicClient: {} as PublicClient, keyFor: async () => topic.key });
    await announce({
      channelId: topic.channelId,
      messages: [one, two].map((m) => ({ ...m, epoch: topic.epoch })),
      tx: { from: alice.address, nonce: 5, hash: keccak256(serialized), serialized },
    });
    expect(published.map((p) => p.topic)).toEqual([channelTopic(topic), channelTopic(topic)]);
    expect(published.map((p) => decodePendingMessage(p.data))).toEqual([
      { transaction: serialized, wrappedCid: one.wrappedCid, block: one.block },
      { transaction: serialized, wrappedCid: two.wrappedCid, block: two.block },
    ]);
  });

  it("reads a wallet's transaction back by hash (waiting for the node to know it) and publishes it", async () => {
    const { router, published } = memoryRouter();
    const message = await sealed(alice.address, "via a wallet");
    const serialized = await signTx(alice, postCalldata([message.wrappedCid]));
    const parsed = parseTransaction(serialized as `0x02${string}`);
    const from = await recoverTransactionAddress({ serializedTransaction: serialized as `0x02${string}` });
    const hash = keccak256(serialized);
    let asked = 0;
    const publicClient = {
      async getTransaction() {
        if (++asked < 3) throw new TransactionNotFoundError({ hash });
        return { ...parsed, hash, from, input: parsed.data, type: "eip1559" };
      },
    } as unknown as PublicClient;
    const announce = createPendingAnnouncer({ ...deployment, router, publicClient, keyFor: async () => topic.key });
    await announce({ channelId: topic.channelId, messages: [{ ...message, epoch: topic.epoch }], tx: { from: alice.address, nonce: 5, hash } });
    expect(asked).toBe(3);
    expect(decodePendingMessage(published[0]!.data).transaction).toBe(serialized);
  });

  it("publishes nothing when the node never shows the transaction (the chain delivers it)", async () => {
    const { router, published } = memoryRouter();
    const errors: unknown[] = [];
    const publicClient = { getTransaction: async () => Promise.reject(new TransactionNotFoundError({ hash: "0x01" })) } as unknown as PublicClient;
    const announce = createPendingAnnouncer({ ...deployment, router, publicClient, keyFor: async () => topic.key, readBackMs: 300, onError: (e) => errors.push(e) });
    const message = await sealed(alice.address, "lost");
    await announce({ channelId: topic.channelId, messages: [{ ...message, epoch: topic.epoch }], tx: { from: alice.address, nonce: 5, hash: "0x01" } });
    expect(published).toEqual([]);
    expect(errors[0]).toBeInstanceOf(TransactionNotFoundError);
  });
});

describe("receiving pending messages and presence", () => {
  const setup = (options: { presence?: boolean; epochs?: { epoch: number; key: Uint8Array }[] } = {}) => {
    const memory = memoryRouter();
    const view = chainView();
    const received: PendingMessage[] = [];
    const beats: PresenceBeat[] = [];
    let epoch = options.epochs?.[0] ?? { epoch: topic.epoch, key: topic.key };
    const watcher = watchChannelPubsub({
      ...deployment,
      router: memory.router,
      channelId: topic.channelId,
      account: mallory.address,
      checks: view.checks,
      currentEpoch: async () => epoch,
      isKnown: view.checks.isKnown,
      onPending: (message) => received.push(message),
      onPresence: (beat) => beats.push(beat),
      presence: options.presence ? {} : undefined,
      leaveDelayMs: 50,
    });
    return { ...memory, view, received, beats, watcher, setEpoch: (next: typeof epoch) => (epoch = next) };
  };

  it("renders a member's verified message; a non-member's forged one is dropped and never rendered", async () => {
    const { watcher, deliver, received, router } = setup();
    await watcher.refresh();
    const good = await pending(alice, await sealed(alice.address, "hi"));
    const [verdict] = await deliver(channelTopic(topic), good);
    expect(verdict).toMatchObject({ ok: true });
    expect(received.map((m) => m.envelope.text)).toEqual(["hi"]);

    const forged = await pending(mallory, await sealed(mallory.address, "not a member"));
    const [drop] = await deliver(channelTopic(topic), forged);
    expect(drop).toMatchObject({ ok: false, drop: { reason: "not-member" } });
    expect(received).toHaveLength(1);
    expect(router.topics()).toEqual([channelTopic(topic)]);
  });

  it("moves to the new epoch's topic and leaves the old one after the delay", async () => {
    const { watcher, router, setEpoch } = setup();
    await watcher.refresh();
    const next = { epoch: topic.epoch + 1, key: new Uint8Array(32).fill(7) };
    setEpoch(next);
    await watcher.refresh();
    const nextTopic = channelTopic({ ...topic, ...next });
    expect(router.topics()).toEqual([channelTopic(topic), nextTopic]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(router.topics()).toEqual([nextTopic]);
    await watcher.stop();
    expect(router.topics()).toEqual([]);
  });

  it("sends presence only when on: online on joining, throttled typing, offline on stop", async () => {
    const off = setup();
    await off.watcher.refresh();
    off.watcher.typing();
    await off.watcher.stop();
    await settle();
    expect(off.published).toEqual([]);

    const on = setup({ presence: true });
    await on.watcher.refresh();
    on.watcher.typing();
    on.watcher.typing();
    await on.watcher.stop();
    await settle();
    const checks = { isMember: () => true, sessionKeyExpiry: () => 0n };
    const states = [];
    const timestamps: number[] = [];
    for (const { data } of on.published) {
      const opened = await openPresence(data, topic, checks);
      if (opened.ok) {
        states.push(opened.value.state);
        timestamps.push(opened.value.timestamp);
      }
    }
    expect(states).toEqual(["online", "typing", "offline"]);
    // Sent within a millisecond or two, yet each newer than the last: a receiver drops a beat that is not (a replay).
    expect(timestamps.every((timestamp, n) => n === 0 || timestamp > timestamps[n - 1]!)).toBe(true);
  });

  it("hands on other members' beats, checked against membership", async () => {
    const { watcher, deliver, beats } = setup();
    await watcher.refresh();
    await deliver(channelTopic(topic), await sealPresence({ ...topic, sender: alice.address, state: "typing" }));
    const [forged] = await deliver(channelTopic(topic), await sealPresence({ ...topic, sender: mallory.address, state: "online" }));
    expect(beats.map((b) => [b.sender, b.state])).toEqual([[alice.address, "typing"]]);
    expect(forged).toMatchObject({ ok: false, drop: { reason: "forged-presence" } });
  });

  it("signs a member's beats with its session key once it has one; an unsigned beat forged in its name then changes nothing", async () => {
    const { router, published } = memoryRouter();
    let sessionKey: PresenceSigner | undefined = undefined;
    const sender = watchChannelPubsub({
      ...deployment,
      router,
      channelId: topic.channelId,
      account: alice.address,
      checks: chainView().checks,
      currentEpoch: async () => ({ epoch: topic.epoch, key: topic.key }),
      isKnown: () => false,
      onPending: () => undefined,
      presence: { sessionKey: () => sessionKey },
    });
    await sender.refresh();
    sessionKey = aliceSessionKey;
    sender.typing();
    await settle();
    await sender.stop();

    const inAnHour = BigInt(Math.floor(Date.now() / 1000) + 3600);
    const checks = {
      isMember: (_: bigint, account: string) => account.toLowerCase() === alice.address.toLowerCase(),
      sessionKeyExpiry: (wallet: string, key: string) => (wallet === alice.address && key === aliceSessionKey.address ? inAnHour : 0n),
    };
    const opened: PresenceBeat[] = [];
    for (const { data } of published) {
      const beat = await openPresence(data, topic, checks);
      if (beat.ok) opened.push(beat.value);
    }
    expect(opened.map((beat) => [beat.state, beat.signedBy])).toEqual([
      ["online", undefined],
      ["typing", aliceSessionKey.address],
      ["offline", aliceSessionKey.address],
    ]);

    // Any holder of the epoch key can seal an unsigned beat naming Alice; once her signed beats arrive it is ignored.
    const now = Date.now();
    let presence: PresenceMap = new Map();
    for (const beat of opened.slice(0, 2)) presence = reducePresence(presence, beat, now);
    const forged = await openPresence(await sealPresence({ ...topic, sender: alice.address, state: "offline", timestamp: now + 1_000 }), topic, checks);
    if (!forged.ok) throw new Error("an unsigned beat of a member opens");
    expect([forged.value.sender, forged.value.state, forged.value.signedBy]).toEqual([alice.address, "offline", undefined]);
    expect(reducePresence(presence, forged.value, now + 1_000)).toBe(presence);
    expect(onlineMembers(presence, now + 1_000).map((record) => record.sender)).toEqual([alice.address]);
  });
});
