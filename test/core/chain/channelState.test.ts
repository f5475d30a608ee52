import { describe, expect, it } from "@jest/globals";
import { toHex } from "viem";
import { reduceChannelState, reduceMemberships } from "@cairn/core/chain";
import { ChannelNotFoundError } from "@cairn/core/chain";
import { registryLog } from "./registryLogs.js";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const CAROL = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as const;
const key = (fill: number) => toHex(new Uint8Array(93).fill(fill));

function privateChannelLogs() {
  let block = 1n;
  const at = () => ({ blockNumber: block++, logIndex: 0 });
  return [
    registryLog("ChannelCreated", { channelId: 4n, creator: ALICE, isPublic: false, metadata: "0x0101aa", keyMaterial: key(1) }, at()),
    registryLog("MemberAdded", { channelId: 4n, account: BOB, epoch: 1 }, at()),
    registryLog("EpochKeyShared", { channelId: 4n, epoch: 1, account: BOB, sealedKey: key(2) }, at()),
    registryLog("MemberAdded", { channelId: 4n, account: CAROL, epoch: 1 }, at()),
    registryLog("EpochKeyShared", { channelId: 4n, epoch: 1, account: CAROL, sealedKey: key(3) }, at()),
    registryLog("MemberRemoved", { channelId: 4n, account: CAROL }, at()),
    registryLog("KeyRotated", { channelId: 4n, epoch: 2 }, at()),
    registryLog("EpochKeyShared", { channelId: 4n, epoch: 2, account: ALICE, sealedKey: key(4) }, at()),
    registryLog("EpochKeyShared", { channelId: 4n, epoch: 2, account: BOB, sealedKey: key(5) }, at()),
    registryLog("MetadataUpdated", { channelId: 4n, epoch: 2, metadata: "0x0101bb" }, at()),
    registryLog("AdminTransferred", { channelId: 4n, previousAdmin: ALICE, newAdmin: BOB }, at()),
  ];
}

describe("reduceChannelState", () => {
  it("rebuilds members, former members, epoch, admin and metadata", () => {
    const state = reduceChannelState(4n, privateChannelLogs(), BOB);
    expect(state.creator).toBe(ALICE);
    expect(state.admin).toBe(BOB);
    expect(state.isPublic).toBe(false);
    expect(state.epoch).toBe(2);
    expect(state.members).toEqual([
      { account: ALICE, added: false, joinedEpoch: 1, joinedBlock: 1n, sharedEpochs: [1, 2], keysSharedBlock: 8n },
      { account: BOB, added: true, joinedEpoch: 1, joinedBlock: 2n, sharedEpochs: [1, 2], keysSharedBlock: 9n },
    ]);
    expect(state.formerMembers).toEqual([{ account: CAROL, reason: "removed" }]);
    expect(toHex(state.metadata.bytes)).toBe("0x0101bb");
    expect(state.metadata.epoch).toBe(2);
  });

  it("gives each reader only the key material sealed to it", () => {
    const keysOf = (account: `0x${string}`) =>
      reduceChannelState(4n, privateChannelLogs(), account).epochKeys.map((k) => [k.epoch, k.kind, k.keyMaterial[0]]);
    expect(keysOf(ALICE)).toEqual([[1, "sealed", 1], [2, "sealed", 4]]);
    expect(keysOf(BOB)).toEqual([[1, "sealed", 2], [2, "sealed", 5]]);
    expect(keysOf(CAROL)).toEqual([[1, "sealed", 3]]);
  });

  it("takes an epoch key shared again (to a member's new key) over the earlier share, and records when", () => {
    const logs = [
      ...privateChannelLogs(),
      registryLog("EpochKeyShared", { channelId: 4n, epoch: 1, account: BOB, sealedKey: key(6) }, { blockNumber: 20n, logIndex: 0 }),
      registryLog("EpochKeyShared", { channelId: 4n, epoch: 2, account: BOB, sealedKey: key(7) }, { blockNumber: 20n, logIndex: 1 }),
    ];
    const state = reduceChannelState(4n, logs, BOB);
    expect(state.epochKeys.map((k) => [k.epoch, k.keyMaterial[0]])).toEqual([[1, 6], [2, 7]]);
    const bob = state.members.find((m) => m.account === BOB)!;
    expect(bob.sharedEpochs).toEqual([1, 2]);
    expect(bob.keysSharedBlock).toBe(20n);
    expect(state.members.find((m) => m.account === ALICE)!.keysSharedBlock).toBe(8n);
  });

  it("exposes a public channel's key to everyone, and joined members with the epoch", () => {
    const logs = [
      registryLog("ChannelCreated", { channelId: 5n, creator: ALICE, isPublic: true, metadata: "0x0100", keyMaterial: toHex(new Uint8Array(33).fill(9)) }, { blockNumber: 1n, logIndex: 0 }),
      registryLog("MemberJoined", { channelId: 5n, account: CAROL }, { blockNumber: 2n, logIndex: 0 }),
      registryLog("MemberLeft", { channelId: 5n, account: CAROL }, { blockNumber: 3n, logIndex: 0 }),
      registryLog("MemberJoined", { channelId: 5n, account: BOB }, { blockNumber: 3n, logIndex: 1 }),
    ];
    const state = reduceChannelState(5n, logs, CAROL);
    expect(state.epochKeys).toEqual([{ epoch: 1, kind: "public", keyMaterial: new Uint8Array(33).fill(9) }]);
    expect(state.members.map((m) => m.account)).toEqual([ALICE, BOB]);
    expect(state.formerMembers).toEqual([{ account: CAROL, reason: "left" }]);
  });

  it("records a direct channel's pair", () => {
    const logs = [
      registryLog("ChannelCreated", { channelId: 6n, creator: ALICE, isPublic: false, metadata: "0x0101", keyMaterial: key(1) }, { blockNumber: 1n, logIndex: 0 }),
      registryLog("DirectChannelCreated", { channelId: 6n, creator: ALICE, peer: BOB }, { blockNumber: 1n, logIndex: 1 }),
    ];
    const state = reduceChannelState(6n, logs, BOB);
    expect(state.direct).toEqual({ creator: ALICE, peer: BOB });
    expect(state.members.map((m) => m.account)).toEqual([ALICE, BOB]);
  });

  it("takes an epoch-1 key shared later with the creator over ChannelCreated's key material", () => {
    const logs = [
      ...privateChannelLogs(),
      registryLog("EpochKeyShared", { channelId: 4n, epoch: 1, account: ALICE, sealedKey: key(8) }, { blockNumber: 20n, logIndex: 0 }),
    ];
    expect(reduceChannelState(4n, logs, ALICE).epochKeys.map((k) => [k.epoch, k.keyMaterial[0]])).toEqual([[1, 8], [2, 4]]);
  });

  it("asks for a new epoch after a member leaves a private channel, until a rotation; never for a public one", () => {
    const at = (blockNumber: bigint) => ({ blockNumber, logIndex: 0 });
    const left = [...privateChannelLogs(), registryLog("MemberLeft", { channelId: 4n, account: ALICE }, at(20n))];
    expect(reduceChannelState(4n, privateChannelLogs(), BOB).rekeyRequired).toBe(false);
    expect(reduceChannelState(4n, left, BOB).rekeyRequired).toBe(true);
    const rotated = [...left, registryLog("KeyRotated", { channelId: 4n, epoch: 3 }, at(21n))];
    expect(reduceChannelState(4n, rotated, BOB)).toMatchObject({ rekeyRequired: false, epoch: 3 });
    const publicLogs = [
      registryLog("ChannelCreated", { channelId: 5n, creator: ALICE, isPublic: true, metadata: "0x0100", keyMaterial: key(9) }, at(1n)),
      registryLog("MemberJoined", { channelId: 5n, account: CAROL }, at(2n)),
      registryLog("MemberLeft", { channelId: 5n, account: CAROL }, at(3n)),
    ];
    expect(reduceChannelState(5n, publicLogs, CAROL).rekeyRequired).toBe(false);
  });

  it("ignores the pointer-chain events: they change nothing", () => {
    const logs = privateChannelLogs();
    const linked = logs.flatMap((log, i) => [
      registryLog("ChannelLinked", { channelId: 4n, previousBlock: BigInt(i) }, { blockNumber: log.blockNumber, logIndex: 0 }),
      registryLog("AccountLinked", { account: BOB, channelId: 4n, previousBlock: BigInt(i) }, { blockNumber: log.blockNumber, logIndex: 1 }),
      registryLog("MessagesLinked", { channelId: 4n, previousWindow: i }, { blockNumber: log.blockNumber, logIndex: 2 }),
      registryLog("PublicChannelsLinked", { previousBlock: BigInt(i) }, { blockNumber: log.blockNumber, logIndex: 3 }),
      { ...log, logIndex: 4 },
    ]);
    expect(reduceChannelState(4n, linked, BOB)).toEqual(reduceChannelState(4n, logs, BOB));
  });

  it("throws ChannelNotFoundError without a ChannelCreated log", () => {
    expect(() => reduceChannelState(9n, [], ALICE)).toThrow(ChannelNotFoundError);
  });
});

describe("reduceMemberships", () => {
  it("lists the channels an account belongs to now", () => {
    const at = (blockNumber: bigint) => ({ blockNumber, logIndex: 0 });
    const logs = [
      registryLog("ChannelCreated", { channelId: 1n, creator: BOB, isPublic: true, metadata: "0x", keyMaterial: "0x" }, at(1n)),
      registryLog("MemberJoined", { channelId: 2n, account: BOB }, at(2n)),
      registryLog("MemberAdded", { channelId: 3n, account: BOB, epoch: 1 }, at(3n)),
      registryLog("DirectChannelCreated", { channelId: 4n, creator: ALICE, peer: BOB }, at(4n)),
      registryLog("MemberLeft", { channelId: 2n, account: BOB }, at(5n)),
      registryLog("MemberRemoved", { channelId: 3n, account: BOB }, at(6n)),
      registryLog("MemberAdded", { channelId: 3n, account: BOB, epoch: 2 }, at(7n)),
    ];
    expect(reduceMemberships(logs, BOB)).toEqual([1n, 3n, 4n]);
  });
});
