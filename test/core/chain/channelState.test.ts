import { describe, expect, it } from "@jest/globals";
import { toHex } from "viem";
import { reduceChannelState, reduceMemberships } from "../../../core/chain/channelState.js";
import { ChannelNotFoundError } from "../../../core/chain/errors.js";
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
    registryLog("MemberAdded", { channelId: 4n, account: BOB, epoch: 1n }, at()),
    registryLog("EpochKeyShared", { channelId: 4n, epoch: 1n, account: BOB, sealedKey: key(2) }, at()),
    registryLog("MemberAdded", { channelId: 4n, account: CAROL, epoch: 1n }, at()),
    registryLog("EpochKeyShared", { channelId: 4n, epoch: 1n, account: CAROL, sealedKey: key(3) }, at()),
    registryLog("MemberRemoved", { channelId: 4n, account: CAROL }, at()),
    registryLog("KeyRotated", { channelId: 4n, epoch: 2n }, at()),
    registryLog("EpochKeyShared", { channelId: 4n, epoch: 2n, account: ALICE, sealedKey: key(4) }, at()),
    registryLog("EpochKeyShared", { channelId: 4n, epoch: 2n, account: BOB, sealedKey: key(5) }, at()),
    registryLog("MetadataUpdated", { channelId: 4n, epoch: 2n, metadata: "0x0101bb" }, at()),
    registryLog("AdminTransferred", { channelId: 4n, previousAdmin: ALICE, newAdmin: BOB }, at()),
  ];
}

describe("reduceChannelState", () => {
  it("rebuilds members, former members, epoch, admin and metadata", () => {
    const state = reduceChannelState(4n, privateChannelLogs(), BOB);
    expect(state.creator).toBe(ALICE);
    expect(state.admin).toBe(BOB);
    expect(state.isPublic).toBe(false);
    expect(state.epoch).toBe(2n);
    expect(state.members).toEqual([
      { account: ALICE, added: false, joinedEpoch: 1n, joinedBlock: 1n, sharedEpochs: [1n, 2n], keysSharedBlock: 8n },
      { account: BOB, added: true, joinedEpoch: 1n, joinedBlock: 2n, sharedEpochs: [1n, 2n], keysSharedBlock: 9n },
    ]);
    expect(state.formerMembers).toEqual([{ account: CAROL, reason: "removed" }]);
    expect(toHex(state.metadata.bytes)).toBe("0x0101bb");
    expect(state.metadata.epoch).toBe(2n);
  });

  it("gives each reader only the key material sealed to it", () => {
    const keysOf = (account: `0x${string}`) =>
      reduceChannelState(4n, privateChannelLogs(), account).epochKeys.map((k) => [k.epoch, k.kind, k.keyMaterial[0]]);
    expect(keysOf(ALICE)).toEqual([[1n, "sealed", 1], [2n, "sealed", 4]]);
    expect(keysOf(BOB)).toEqual([[1n, "sealed", 2], [2n, "sealed", 5]]);
    expect(keysOf(CAROL)).toEqual([[1n, "sealed", 3]]);
  });

  it("takes an epoch key shared again (to a member's new key) over the earlier share, and records when", () => {
    const logs = [
      ...privateChannelLogs(),
      registryLog("EpochKeyShared", { channelId: 4n, epoch: 1n, account: BOB, sealedKey: key(6) }, { blockNumber: 20n, logIndex: 0 }),
      registryLog("EpochKeyShared", { channelId: 4n, epoch: 2n, account: BOB, sealedKey: key(7) }, { blockNumber: 20n, logIndex: 1 }),
    ];
    const state = reduceChannelState(4n, logs, BOB);
    expect(state.epochKeys.map((k) => [k.epoch, k.keyMaterial[0]])).toEqual([[1n, 6], [2n, 7]]);
    const bob = state.members.find((m) => m.account === BOB)!;
    expect(bob.sharedEpochs).toEqual([1n, 2n]);
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
    expect(state.epochKeys).toEqual([{ epoch: 1n, kind: "public", keyMaterial: new Uint8Array(33).fill(9) }]);
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
      registryLog("MemberAdded", { channelId: 3n, account: BOB, epoch: 1n }, at(3n)),
      registryLog("DirectChannelCreated", { channelId: 4n, creator: ALICE, peer: BOB }, at(4n)),
      registryLog("MemberLeft", { channelId: 2n, account: BOB }, at(5n)),
      registryLog("MemberRemoved", { channelId: 3n, account: BOB }, at(6n)),
      registryLog("MemberAdded", { channelId: 3n, account: BOB, epoch: 2n }, at(7n)),
    ];
    expect(reduceMemberships(logs, BOB)).toEqual([1n, 3n, 4n]);
  });
});
