import { describe, expect, it } from "@jest/globals";
import { keyChangedMembers } from "@cairn/core/chain";
import { reduceChannelState } from "@cairn/core/chain";
import { staleKeyMembers } from "@cairn/core/chain";
import { registryLog } from "./registryLogs.js";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const CAROL = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as const;
const sealed = `0x${"11".repeat(93)}` as const;
const change = (account: `0x${string}`, blockNumber: bigint) => ({ account, blockNumber });

describe("keyChangedMembers", () => {
  // Alice creates the channel in block 10; Bob is added in block 20, removed in 30, added again in 40.
  const state = reduceChannelState(
    3n,
    [
      registryLog("ChannelCreated", { channelId: 3n, creator: ALICE, isPublic: false, metadata: "0x01", keyMaterial: sealed }, { blockNumber: 10n, logIndex: 0 }),
      registryLog("MemberAdded", { channelId: 3n, account: BOB, epoch: 1n }, { blockNumber: 20n, logIndex: 0 }),
      registryLog("MemberRemoved", { channelId: 3n, account: BOB }, { blockNumber: 30n, logIndex: 0 }),
      registryLog("MemberAdded", { channelId: 3n, account: BOB, epoch: 2n }, { blockNumber: 40n, logIndex: 0 }),
    ],
    ALICE,
  );

  it("records the block of each member's latest joining", () => {
    expect(state.members.map((m) => [m.account, m.joinedBlock])).toEqual([
      [ALICE, 10n],
      [BOB, 40n],
    ]);
  });

  it("flags a key replaced after joining, not one replaced before", () => {
    expect(keyChangedMembers(state.members, [change(BOB, 35n), change(ALICE, 5n)])).toEqual([]);
    expect(keyChangedMembers(state.members, [change(BOB, 41n)])).toEqual([BOB]);
    expect(keyChangedMembers(state.members, [change(ALICE.toLowerCase() as `0x${string}`, 11n), change(BOB, 40n)])).toEqual([ALICE]);
  });

  it("ignores changes by accounts that are not members", () => {
    expect(keyChangedMembers(state.members, [change(CAROL, 50n)])).toEqual([]);
  });
});

describe("staleKeyMembers", () => {
  // Alice creates a private channel with Bob in block 10.
  const logs = [
    registryLog("ChannelCreated", { channelId: 3n, creator: ALICE, isPublic: false, metadata: "0x01", keyMaterial: sealed }, { blockNumber: 10n, logIndex: 0 }),
    registryLog("MemberAdded", { channelId: 3n, account: BOB, epoch: 1n }, { blockNumber: 10n, logIndex: 1 }),
    registryLog("EpochKeyShared", { channelId: 3n, epoch: 1n, account: BOB, sealedKey: sealed }, { blockNumber: 10n, logIndex: 2 }),
  ];

  it("names members whose key changed after their keys were last sealed to them", () => {
    const { members } = reduceChannelState(3n, logs, ALICE);
    expect(staleKeyMembers(members, [change(BOB, 9n), change(ALICE, 10n)])).toEqual([]);
    expect(staleKeyMembers(members, [change(BOB, 11n)])).toEqual([BOB]);
    expect(staleKeyMembers(members, [change(ALICE, 12n), change(BOB, 11n)])).toEqual([ALICE, BOB]);
  });

  it("stops naming a member once the keys are sealed to it again", () => {
    const resealed = [...logs, registryLog("EpochKeyShared", { channelId: 3n, epoch: 1n, account: BOB, sealedKey: sealed }, { blockNumber: 50n, logIndex: 0 })];
    const { members } = reduceChannelState(3n, resealed, ALICE);
    expect(staleKeyMembers(members, [change(BOB, 11n)])).toEqual([]);
    expect(staleKeyMembers(members, [change(BOB, 51n)])).toEqual([BOB]);
  });

  it("ignores members who hold no sealed key (public channels)", () => {
    const { members } = reduceChannelState(
      4n,
      [
        registryLog("ChannelCreated", { channelId: 4n, creator: ALICE, isPublic: true, metadata: "0x0100", keyMaterial: `0x${"09".repeat(33)}` }, { blockNumber: 1n, logIndex: 0 }),
        registryLog("MemberJoined", { channelId: 4n, account: CAROL }, { blockNumber: 2n, logIndex: 0 }),
      ],
      ALICE,
    );
    expect(staleKeyMembers(members, [change(ALICE, 5n), change(CAROL, 5n)])).toEqual([]);
  });
});
