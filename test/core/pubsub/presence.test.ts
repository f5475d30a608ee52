import { describe, expect, it } from "@jest/globals";
import { hexToBytes } from "viem";
import {
  checkPresence,
  gossipAcceptance,
  heartbeatDelay,
  HEARTBEAT_MAX_INTERVAL_MS,
  MAX_CLOCK_SKEW_MS,
  onlineMembers,
  openPresence,
  PRESENCE_LENGTH,
  PRESENCE_TTL_MS,
  reducePresence,
  sealPresence,
  typingBeatDue,
  typingMembers,
  TYPING_INTERVAL_MS,
  TYPING_TTL_MS,
  type PresenceBeat,
  type PresenceChecks,
  type PresenceMap,
} from "@cairn/core";
import { alice, aliceSessionKey, mallory, NOW_S, topic } from "../../../testkit/pendingMessageFixtures.js";

const NOW_MS = NOW_S * 1000;

function presenceView() {
  const members = new Set([alice.address.toLowerCase()]);
  const sessionKeys = new Map([[`${alice.address}/${aliceSessionKey.address}`.toLowerCase(), BigInt(NOW_S + 3600)]]);
  const checks: PresenceChecks = {
    isMember: (channelId, account) => channelId === topic.channelId && members.has(account.toLowerCase()),
    sessionKeyExpiry: (wallet, key) => sessionKeys.get(`${wallet}/${key}`.toLowerCase()) ?? 0n,
    nowMs: () => NOW_MS,
  };
  return { checks, members, sessionKeys };
}

const beat = (overrides: Partial<Parameters<typeof sealPresence>[0]> = {}) =>
  sealPresence({ ...topic, sender: alice.address, state: "online", timestamp: NOW_MS, ...overrides });

const indexOf = (haystack: Uint8Array, needle: Uint8Array) => Buffer.from(haystack).indexOf(Buffer.from(needle));

describe("presence beats", () => {
  it("open for members: unsigned (some member says so) and signed by the sender's session key", async () => {
    const { checks } = presenceView();
    const unsigned = await openPresence(await beat({ state: "typing" }), topic, checks);
    expect(unsigned).toEqual({ ok: true, value: { sender: alice.address, state: "typing", timestamp: NOW_MS } });
    const signed = await openPresence(await beat({ sessionKey: aliceSessionKey }), topic, checks);
    expect(signed).toEqual({ ok: true, value: { sender: alice.address, state: "online", timestamp: NOW_MS, signedBy: aliceSessionKey.address } });
  });

  it("all have one size, whatever their state, sender or signature, and show no address in the clear", async () => {
    const beats = await Promise.all([
      beat(),
      beat({ state: "typing", sessionKey: aliceSessionKey }),
      beat({ state: "offline", sender: mallory.address, timestamp: 0 }),
    ]);
    for (const bytes of beats) {
      expect(bytes.length).toBe(PRESENCE_LENGTH);
      for (const account of [alice, aliceSessionKey, mallory]) expect(indexOf(bytes, hexToBytes(account.address))).toBe(-1);
    }
  });

  it("a non-member (another key, channel or epoch) cannot open them", async () => {
    const { checks } = presenceView();
    const bytes = await beat();
    for (const other of [{ key: new Uint8Array(32) }, { channelId: 7n }, { epoch: 4 }, { chainId: 1 }]) {
      const verdict = await openPresence(bytes, { ...topic, ...other }, checks);
      expect(!verdict.ok && verdict.drop.reason).toBe("undecryptable");
      expect(gossipAcceptance(verdict)).toBe("ignore");
    }
  });

  it("a member cannot pass a beat off as a non-member's, nor sign for a wallet whose session key it is not", async () => {
    const view = presenceView();
    const asMallory = await openPresence(await beat({ sender: mallory.address }), topic, view.checks);
    expect(!asMallory.ok && asMallory.drop.reason).toBe("forged-presence");
    const foreignKey = await openPresence(await beat({ sessionKey: mallory }), topic, view.checks);
    expect(!foreignKey.ok && foreignKey.drop).toMatchObject({ reason: "forged-presence", signer: mallory.address });
    view.sessionKeys.clear();
    const expired = await openPresence(await beat({ sessionKey: aliceSessionKey }), topic, view.checks);
    expect(!expired.ok && expired.drop.reason).toBe("forged-presence");
  });

  it("beats from outside the clock-skew window are stale", async () => {
    const { checks } = presenceView();
    for (const timestamp of [NOW_MS - MAX_CLOCK_SKEW_MS - 1, NOW_MS + MAX_CLOCK_SKEW_MS + 1]) {
      const verdict = await openPresence(await beat({ timestamp }), topic, checks);
      expect(!verdict.ok && verdict.drop.reason).toBe("stale-presence");
    }
  });

  it("a relay checks only the header and the size: a wrong size is rejected, a tampered beat passes it and fails at members", async () => {
    const bytes = await beat();
    expect(checkPresence(bytes).ok).toBe(true);
    for (const wrong of [bytes.subarray(0, PRESENCE_LENGTH - 1), Uint8Array.of(...bytes, 0)]) expect(gossipAcceptance(checkPresence(wrong))).toBe("reject");
    const tampered = bytes.slice();
    tampered[40]! ^= 1;
    expect(checkPresence(tampered).ok).toBe(true);
    const verdict = await openPresence(tampered, topic, presenceView().checks);
    expect(!verdict.ok && verdict.drop.reason).toBe("undecryptable");
  });
});

describe("reducePresence", () => {
  const at = (state: PresenceBeat["state"], timestamp: number, signed = false): PresenceBeat => ({
    sender: alice.address,
    state,
    timestamp,
    ...(signed ? { signedBy: aliceSessionKey.address } : {}),
  });

  it("shows a member online until 60 s after its last beat, typing for a few seconds, offline at once", () => {
    let presence: PresenceMap = new Map();
    presence = reducePresence(presence, at("online", 1), 1_000);
    expect(onlineMembers(presence, 1_000 + PRESENCE_TTL_MS - 1).map((record) => record.sender)).toEqual([alice.address]);
    expect(onlineMembers(presence, 1_000 + PRESENCE_TTL_MS)).toEqual([]);
    presence = reducePresence(presence, at("typing", 2), 2_000);
    expect(typingMembers(presence, 2_000 + TYPING_TTL_MS - 1).length).toBe(1);
    expect(typingMembers(presence, 2_000 + TYPING_TTL_MS)).toEqual([]);
    expect(typingMembers(presence, 2_500, alice.address)).toEqual([]);
    presence = reducePresence(presence, at("online", 3), 3_000);
    expect(typingMembers(presence, 3_000)).toEqual([]);
    presence = reducePresence(presence, at("offline", 4), 4_000);
    expect(onlineMembers(presence, 4_000)).toEqual([]);
  });

  it("drops replayed or older beats, and unsigned beats while the member's signed ones are fresh", () => {
    const start = reducePresence(new Map(), at("online", 10, true), 1_000);
    expect(reducePresence(start, at("online", 10, true), 5_000)).toBe(start);
    expect(reducePresence(start, at("online", 9, true), 5_000)).toBe(start);
    expect(reducePresence(start, at("offline", 11), 5_000)).toBe(start);
    expect(onlineMembers(reducePresence(start, at("offline", 11), 1_000 + PRESENCE_TTL_MS), 1_000 + PRESENCE_TTL_MS)).toEqual([]);
    expect(reducePresence(start, at("offline", 11, true), 5_000).size).toBe(0);
  });

  it("schedules heartbeats every 20..30 s and at most one typing beat per interval", () => {
    expect(heartbeatDelay(() => 0)).toBe(20_000);
    expect(heartbeatDelay(() => 0.999999)).toBeLessThanOrEqual(HEARTBEAT_MAX_INTERVAL_MS);
    expect(HEARTBEAT_MAX_INTERVAL_MS * 2).toBeLessThanOrEqual(PRESENCE_TTL_MS);
    expect(typingBeatDue(undefined, 0)).toBe(true);
    expect(typingBeatDue(1_000, 1_000 + TYPING_INTERVAL_MS - 1)).toBe(false);
    expect(typingBeatDue(1_000, 1_000 + TYPING_INTERVAL_MS)).toBe(true);
  });
});
