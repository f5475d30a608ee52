import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { encodeAbiParameters, keccak256, pad, toHex, zeroAddress, type Address } from "viem";
import { fakeAddress, filler, sortAddresses } from "../../scripts/contracts/bytes.js";
import { CID, SEALED, setup } from "./setup.js";

const t = await setup();
const { registry, assertions, admin, alice, bob, carol, dave, as, address, createPublic, createPrivate, eventsOf } = t;
const keysFor = (members: readonly Address[]) => members.map((_, i) => filler(92, 40 + i));

/**
 * Overwrites one field of a channel's packed slot (the `_channels` mapping at storage slot 0;
 * fields from bit 0: admin 160, flags 8, epoch 32, memberCount 24, messageWindow 32), to reach
 * limits no test can reach by transactions.
 */
async function setChannelField(id: bigint, shift: bigint, bits: bigint, value: bigint) {
  const slot = keccak256(encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], [id, 0n]));
  const word = BigInt((await t.publicClient.getStorageAt({ address: registry.address, slot })) ?? "0x0");
  const mask = ((1n << bits) - 1n) << shift;
  await t.networkHelpers.setStorageAt(registry.address, slot, pad(toHex((word & ~mask) | (value << shift)), { size: 32 }));
}

describe("ChannelRegistry: join and leave", () => {
  beforeEach(t.restore);

  it("joins a public channel at epoch 1", async () => {
    const id = await createPublic();
    await assertions.emitWithArgs(registry.write.join([id], as(alice)), registry, "MemberJoined", [id, address(alice)]);
    assert.equal(await registry.read.memberSince([id, address(alice)]), 1);
    assert.equal(await registry.read.memberCount([id]), 2);
  });

  it("refuses private and unknown channels and a second join", async () => {
    const privateId = await createPrivate();
    await assertions.revertWithCustomErrorWithArgs(registry.write.join([privateId], as(alice)), registry, "ChannelNotPublic", [privateId]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.join([42n], as(alice)), registry, "ChannelNotFound", [42n]);
    const id = await createPublic();
    await registry.write.join([id], as(alice));
    await assertions.revertWithCustomErrorWithArgs(registry.write.join([id], as(alice)), registry, "ChannelAlreadyMember", [
      id,
      address(alice),
    ]);
  });

  it("lets a member leave a private channel; it cannot post, and the channel needs a new epoch", async () => {
    const id = await createPrivate([address(alice)]);
    await assertions.emitWithArgs(registry.write.leave([id], as(alice)), registry, "MemberLeft", [id, address(alice)]);
    assert.equal(await registry.read.isMember([id, address(alice)]), false);
    const info = await registry.read.channelInfo([id]);
    assert.equal(info.memberCount, 1);
    assert.equal(info.rekeyRequired, true);
    await assertions.revertWithCustomErrorWithArgs(registry.write.post([id, CID], as(alice)), registry, "ChannelNotMember", [id, address(alice)]);
  });

  it("leaves a public channel without asking for a new epoch", async () => {
    const id = await createPublic();
    await registry.write.join([id], as(alice));
    await registry.write.leave([id], as(alice));
    assert.equal((await registry.read.channelInfo([id])).rekeyRequired, false);
  });

  it("caps a public channel at the largest member count the channel slot holds", async () => {
    const id = await createPublic();
    await setChannelField(id, 200n, 24n, 2n ** 24n - 1n);
    await assertions.revertWithCustomErrorWithArgs(registry.write.join([id], as(alice)), registry, "ChannelFull", [id, 2n ** 24n - 1n]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(bob), "0x"]), registry, "ChannelFull", [id, 2n ** 24n - 1n]);
  });

  it("refuses leave from the admin, from non-members and on unknown channels", async () => {
    const id = await createPublic();
    await assertions.revertWithCustomErrorWithArgs(registry.write.leave([id]), registry, "ChannelAdminCannotLeave", [id, address(admin)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.leave([id], as(bob)), registry, "ChannelNotMember", [id, address(bob)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.leave([7n], as(bob)), registry, "ChannelNotFound", [7n]);
  });
});

describe("ChannelRegistry: addMember", () => {
  beforeEach(t.restore);

  it("adds to a private channel at the current epoch and shares that epoch's key", async () => {
    const id = await createPrivate([address(alice)]);
    await registry.write.rotateKey([id, sortAddresses([address(admin), address(alice)]), [SEALED, SEALED]]);
    const key = filler(92, 50);
    const hash = await registry.write.addMember([id, address(bob), key]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "MemberAdded", [id, address(bob), 2]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [id, 2, address(bob), key]);
    assert.equal(await registry.read.memberSince([id, address(bob)]), 2);
    assert.equal(await registry.read.memberCount([id]), 3);
  });

  it("adds to a public channel without key material and without EpochKeyShared", async () => {
    const id = await createPublic();
    const hash = await registry.write.addMember([id, address(bob), "0x"]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "MemberAdded", [id, address(bob), 1]);
    assert.deepEqual(
      (await eventsOf(hash)).map((e) => e.eventName),
      ["ChannelLinked", "AccountLinked", "MemberAdded"],
    );
    assert.equal(await registry.read.memberCount([id]), 2);
  });

  it("validates public additions: no key, no zero address, no existing member", async () => {
    const id = await createPublic();
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(bob), SEALED]), registry, "ChannelUnexpectedKey", [92n]);
    await assertions.revertWithCustomError(registry.write.addMember([id, zeroAddress, "0x"]), registry, "ChannelZeroAddress");
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(admin), "0x"]), registry, "ChannelAlreadyMember", [
      id,
      address(admin),
    ]);
  });

  it("validates private additions: key length, zero address, existing member", async () => {
    const id = await createPrivate([address(alice)]);
    for (const length of [0, 31, 257]) {
      await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(bob), filler(length)]), registry, "ChannelInvalidKeyLength", [
        BigInt(length),
      ]);
    }
    await assertions.revertWithCustomError(registry.write.addMember([id, zeroAddress, SEALED]), registry, "ChannelZeroAddress");
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(alice), SEALED]), registry, "ChannelAlreadyMember", [
      id,
      address(alice),
    ]);
  });

  it("caps a private channel at MAX_MEMBERS", async () => {
    const id = await createPrivate(Array.from({ length: 63 }, (_, i) => fakeAddress(i)));
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(bob), SEALED]), registry, "ChannelFull", [id, 64n]);
  });

  it("is admin only and needs an existing channel", async () => {
    const id = await createPrivate([address(alice)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(bob), SEALED], as(alice)), registry, "ChannelNotAdmin", [
      id,
      address(alice),
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([9n, address(bob), SEALED]), registry, "ChannelNotFound", [9n]);
  });
});

describe("ChannelRegistry: shareEpochKeys", () => {
  beforeEach(t.restore);

  const rotatedChannel = async () => {
    const id = await createPrivate([address(alice)]);
    await registry.write.rotateKey([id, sortAddresses([address(admin), address(alice)]), [SEALED, SEALED]]);
    await registry.write.addMember([id, address(bob), SEALED]);
    return id;
  };

  it("shares older epoch keys with a member", async () => {
    const id = await rotatedChannel();
    const keys = [filler(92, 60), filler(92, 61)];
    const hash = await registry.write.shareEpochKeys([id, address(bob), [1, 2], keys]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [id, 1, address(bob), keys[0]!]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [id, 2, address(bob), keys[1]!]);
  });

  it("rejects epoch 0 and epochs beyond the current one", async () => {
    const id = await rotatedChannel();
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(bob), [0], [SEALED]]), registry, "ChannelZeroEpoch", [id]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(bob), [3], [SEALED]]), registry, "ChannelFutureEpoch", [id, 2, 3]);
  });

  it("validates list lengths, membership and keys", async () => {
    const id = await rotatedChannel();
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(bob), [1, 2], [SEALED]]), registry, "ChannelLengthMismatch", [
      2n,
      1n,
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(bob), [], []]), registry, "ChannelNoEpochs", []);
    const many = Array.from({ length: 65 }, () => 1);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.shareEpochKeys([id, address(bob), many, many.map(() => SEALED)]),
      registry,
      "ChannelTooManyEpochs",
      [65n, 64n],
    );
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(carol), [1], [SEALED]]), registry, "ChannelNotMember", [
      id,
      address(carol),
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(bob), [1], [filler(20)]]), registry, "ChannelInvalidKeyLength", [20n]);
  });

  it("is admin only and refuses public channels", async () => {
    const id = await rotatedChannel();
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(bob), [1], [SEALED]], as(alice)), registry, "ChannelNotAdmin", [
      id,
      address(alice),
    ]);
    const publicId = await createPublic();
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([publicId, address(admin), [1], [SEALED]]), registry, "ChannelIsPublic", [
      publicId,
    ]);
  });
});

describe("ChannelRegistry: removeMember (public channels)", () => {
  beforeEach(t.restore);

  it("removes a member of a public channel, who then cannot post", async () => {
    const id = await createPublic();
    await registry.write.join([id], as(alice));
    await assertions.emitWithArgs(registry.write.removeMember([id, address(alice)]), registry, "MemberRemoved", [id, address(alice)]);
    assert.equal(await registry.read.memberSince([id, address(alice)]), 0);
    assert.equal(await registry.read.memberCount([id]), 1);
    await assertions.revertWithCustomErrorWithArgs(registry.write.post([id, CID], as(alice)), registry, "ChannelNotMember", [id, address(alice)]);
  });

  it("refuses to remove from a private channel without a rotation", async () => {
    const id = await createPrivate([address(alice)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.removeMember([id, address(alice)]), registry, "ChannelRemovalNeedsRotation", [id]);
    assert.equal(await registry.read.isMember([id, address(alice)]), true);
  });

  it("refuses the admin itself, non-members, non-admins and unknown channels", async () => {
    const id = await createPublic();
    await registry.write.join([id], as(alice));
    await assertions.revertWithCustomErrorWithArgs(registry.write.removeMember([id, address(admin)]), registry, "ChannelAdminCannotRemoveSelf", [
      id,
      address(admin),
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.removeMember([id, address(bob)]), registry, "ChannelNotMember", [id, address(bob)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.removeMember([id, address(admin)], as(alice)), registry, "ChannelNotAdmin", [
      id,
      address(alice),
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.removeMember([5n, address(alice)]), registry, "ChannelNotFound", [5n]);
  });
});

describe("ChannelRegistry: rotateKey", () => {
  beforeEach(t.restore);

  it("starts the next epoch with the key sealed to every member", async () => {
    const id = await createPrivate([address(alice), address(bob)]);
    const members = sortAddresses([address(admin), address(alice), address(bob)]);
    const keys = keysFor(members);
    const hash = await registry.write.rotateKey([id, members, keys]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "KeyRotated", [id, 2]);
    for (const [i, member] of members.entries()) {
      await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [id, 2, member, keys[i]!]);
    }
    assert.equal(await registry.read.currentEpoch([id]), 2);
    assert.equal(await registry.read.memberSince([id, address(alice)]), 1);
    await registry.write.rotateKey([id, members, keys]);
    assert.equal(await registry.read.currentEpoch([id]), 3);
  });

  it("requires exactly all members, strictly ascending", async () => {
    const id = await createPrivate([address(alice), address(bob)]);
    const members = sortAddresses([address(admin), address(alice), address(bob)]);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.rotateKey([id, members.slice(0, 2), keysFor(members.slice(0, 2))]),
      registry,
      "ChannelMemberListMismatch",
      [id, 3n, 2n],
    );
    const descending = [...members].reverse();
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, descending, keysFor(descending)]), registry, "ChannelUnsortedMembers", [
      descending[1]!,
    ]);
    const duplicate = [members[0]!, members[0]!, members[1]!];
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, duplicate, keysFor(duplicate)]), registry, "ChannelDuplicateMember", [
      members[0]!,
    ]);
    const withZero = [zeroAddress, members[0]!, members[1]!];
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, withZero, keysFor(withZero)]), registry, "ChannelNotMember", [
      id,
      zeroAddress,
    ]);
    const outsider = address(dave);
    const withOutsider = sortAddresses([address(admin), address(alice), outsider]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, withOutsider, keysFor(withOutsider)]), registry, "ChannelNotMember", [
      id,
      outsider,
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, members, keysFor(members).slice(1)]), registry, "ChannelLengthMismatch", [
      3n,
      2n,
    ]);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.rotateKey([id, members, [SEALED, SEALED, filler(300)]]),
      registry,
      "ChannelInvalidKeyLength",
      [300n],
    );
  });

  it("is the admin's while no member left, refuses public channels and keeps them at epoch 1", async () => {
    const id = await createPrivate([address(alice)]);
    const members = sortAddresses([address(admin), address(alice)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, members, keysFor(members)], as(alice)), registry, "ChannelNotAdmin", [
      id,
      address(alice),
    ]);
    const publicId = await createPublic();
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([publicId, [address(admin)], [SEALED]]), registry, "ChannelIsPublic", [publicId]);
    assert.equal(await registry.read.currentEpoch([publicId]), 1);
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([99n, [], []]), registry, "ChannelNotFound", [99n]);
  });

  it("stops at the last uint32 epoch", async () => {
    const id = await createPrivate();
    await setChannelField(id, 168n, 32n, 2n ** 32n - 1n);
    assert.equal(await registry.read.currentEpoch([id]), 2 ** 32 - 1);
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, [address(admin)], [SEALED]]), registry, "ChannelEpochsExhausted", [id]);
  });
});

describe("ChannelRegistry: removeMemberAndRotate", () => {
  beforeEach(t.restore);

  it("removes and re-keys atomically; the removed member cannot post", async () => {
    const id = await createPrivate([address(alice), address(bob)]);
    const remaining = sortAddresses([address(admin), address(alice)]);
    const keys = keysFor(remaining);
    const hash = await registry.write.removeMemberAndRotate([id, address(bob), remaining, keys]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "MemberRemoved", [id, address(bob)]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "KeyRotated", [id, 2]);
    for (const [i, member] of remaining.entries()) {
      await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [id, 2, member, keys[i]!]);
    }
    const info = await registry.read.channelInfo([id]);
    assert.deepEqual([info.admin, info.epoch, info.memberCount], [address(admin), 2, 2]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.post([id, CID], as(bob)), registry, "ChannelNotMember", [id, address(bob)]);
  });

  it("reverts entirely when the key is still sealed to the removed member", async () => {
    const id = await createPrivate([address(alice), address(bob)]);
    const stale = sortAddresses([address(admin), address(bob)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.removeMemberAndRotate([id, address(bob), stale, keysFor(stale)]), registry, "ChannelNotMember", [
      id,
      address(bob),
    ]);
    assert.equal(await registry.read.isMember([id, address(bob)]), true);
    assert.equal(await registry.read.currentEpoch([id]), 1);
  });

  it("refuses public channels, non-admins and the admin itself", async () => {
    const publicId = await createPublic();
    await registry.write.join([publicId], as(alice));
    await assertions.revertWithCustomErrorWithArgs(registry.write.removeMemberAndRotate([publicId, address(alice), [address(admin)], [SEALED]]), registry, "ChannelIsPublic", [
      publicId,
    ]);
    const id = await createPrivate([address(alice)]);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.removeMemberAndRotate([id, address(admin), [address(alice)], [SEALED]], as(alice)),
      registry,
      "ChannelNotAdmin",
      [id, address(alice)],
    );
    await assertions.revertWithCustomErrorWithArgs(registry.write.removeMemberAndRotate([id, address(admin), [address(alice)], [SEALED]]), registry, "ChannelAdminCannotRemoveSelf", [
      id,
      address(admin),
    ]);
  });
});

describe("ChannelRegistry: transferAdmin", () => {
  beforeEach(t.restore);

  it("hands the role to a member; the old admin loses admin rights and may leave", async () => {
    const id = await createPrivate([address(alice)]);
    await assertions.emitWithArgs(registry.write.transferAdmin([id, address(alice)]), registry, "AdminTransferred", [id, address(admin), address(alice)]);
    assert.equal((await registry.read.channelInfo([id])).admin, address(alice));
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(bob), SEALED]), registry, "ChannelNotAdmin", [id, address(admin)]);
    await registry.write.addMember([id, address(bob), SEALED], as(alice));
    await assertions.emitWithArgs(registry.write.leave([id]), registry, "MemberLeft", [id, address(admin)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.leave([id], as(alice)), registry, "ChannelAdminCannotLeave", [id, address(alice)]);
  });

  it("refuses non-members, the admin itself and non-admin callers", async () => {
    const id = await createPrivate([address(alice)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.transferAdmin([id, address(bob)]), registry, "ChannelNotMember", [id, address(bob)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.transferAdmin([id, address(admin)]), registry, "ChannelAlreadyAdmin", [id, address(admin)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.transferAdmin([id, address(alice)], as(alice)), registry, "ChannelNotAdmin", [
      id,
      address(alice),
    ]);
  });
});
