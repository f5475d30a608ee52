import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { zeroAddress, type Address } from "viem";
import { fakeAddress, filler, sortAddresses } from "../../scripts/contracts/bytes.js";
import { CID, SEALED, setup } from "./setup.js";

const t = await setup();
const { registry, assertions, admin, alice, bob, carol, dave, as, address, createPublic, createPrivate, eventsOf } = t;
const keysFor = (members: readonly Address[]) => members.map((_, i) => filler(92, 40 + i));

describe("ChannelRegistry: join and leave", () => {
  beforeEach(t.restore);

  it("joins a public channel at epoch 1", async () => {
    const id = await createPublic();
    await assertions.emitWithArgs(registry.write.join([id], as(alice)), registry, "MemberJoined", [id, address(alice)]);
    assert.equal(await registry.read.memberSince([id, address(alice)]), 1n);
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

  it("lets a member leave; afterwards it cannot post", async () => {
    const id = await createPrivate([address(alice)]);
    await assertions.emitWithArgs(registry.write.leave([id], as(alice)), registry, "MemberLeft", [id, address(alice)]);
    assert.equal(await registry.read.isMember([id, address(alice)]), false);
    assert.equal(await registry.read.memberCount([id]), 1);
    await assertions.revertWithCustomErrorWithArgs(registry.write.post([id, CID], as(alice)), registry, "ChannelNotMember", [
      id,
      address(alice),
    ]);
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
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "MemberAdded", [id, address(bob), 2n]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [id, 2n, address(bob), key]);
    assert.equal(await registry.read.memberSince([id, address(bob)]), 2n);
    assert.equal(await registry.read.memberCount([id]), 3);
  });

  it("adds to a public channel without key material and without EpochKeyShared", async () => {
    const id = await createPublic();
    const hash = await registry.write.addMember([id, address(bob), "0x"]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "MemberAdded", [id, address(bob), 1n]);
    assert.deepEqual(
      (await eventsOf(hash)).map((e) => e.eventName),
      ["MemberAdded"],
    );
    assert.equal(await registry.read.memberCount([id]), 2);
  });

  it("validates public additions: no key, no zero address, no existing member", async () => {
    const id = await createPublic();
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(bob), SEALED]), registry, "ChannelInvalidKeyLength", [92n]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, zeroAddress, "0x"]), registry, "ChannelInvalidAccount", [zeroAddress]);
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
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, zeroAddress, SEALED]), registry, "ChannelInvalidAccount", [zeroAddress]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(alice), SEALED]), registry, "ChannelAlreadyMember", [
      id,
      address(alice),
    ]);
  });

  it("caps a private channel at MAX_MEMBERS", async () => {
    const id = await createPrivate(Array.from({ length: 63 }, (_, i) => fakeAddress(i)));
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(bob), SEALED]), registry, "ChannelInvalidMemberList", [65n]);
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
    const hash = await registry.write.shareEpochKeys([id, address(bob), [1n, 2n], keys]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [id, 1n, address(bob), keys[0]!]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [id, 2n, address(bob), keys[1]!]);
  });

  it("rejects epochs 0 and beyond the current one", async () => {
    const id = await rotatedChannel();
    for (const epoch of [0n, 3n]) {
      await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(bob), [epoch], [SEALED]]), registry, "ChannelEpochMismatch", [
        id,
        2n,
        epoch,
      ]);
    }
  });

  it("validates list lengths, membership and keys", async () => {
    const id = await rotatedChannel();
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(bob), [1n, 2n], [SEALED]]), registry, "ChannelLengthMismatch", [
      2n,
      1n,
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(bob), [], []]), registry, "ChannelInvalidBatchSize", [0n, 64n]);
    const many = Array.from({ length: 65 }, () => 1n);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.shareEpochKeys([id, address(bob), many, many.map(() => SEALED)]),
      registry,
      "ChannelInvalidBatchSize",
      [65n, 64n],
    );
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(carol), [1n], [SEALED]]), registry, "ChannelNotMember", [
      id,
      address(carol),
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(bob), [1n], [filler(20)]]), registry, "ChannelInvalidKeyLength", [20n]);
  });

  it("is admin only and refuses public channels", async () => {
    const id = await rotatedChannel();
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([id, address(bob), [1n], [SEALED]], as(alice)), registry, "ChannelNotAdmin", [
      id,
      address(alice),
    ]);
    const publicId = await createPublic();
    await assertions.revertWithCustomErrorWithArgs(registry.write.shareEpochKeys([publicId, address(admin), [1n], [SEALED]]), registry, "ChannelIsPublic", [
      publicId,
    ]);
  });
});

describe("ChannelRegistry: removeMember", () => {
  beforeEach(t.restore);

  it("removes a member, who then cannot post", async () => {
    const id = await createPrivate([address(alice), address(bob)]);
    await assertions.emitWithArgs(registry.write.removeMember([id, address(alice)]), registry, "MemberRemoved", [id, address(alice)]);
    assert.equal(await registry.read.memberSince([id, address(alice)]), 0n);
    assert.equal(await registry.read.memberCount([id]), 2);
    await assertions.revertWithCustomErrorWithArgs(registry.write.post([id, CID], as(alice)), registry, "ChannelNotMember", [id, address(alice)]);
  });

  it("works on public channels too", async () => {
    const id = await createPublic();
    await registry.write.join([id], as(alice));
    await assertions.emitWithArgs(registry.write.removeMember([id, address(alice)]), registry, "MemberRemoved", [id, address(alice)]);
    assert.equal(await registry.read.memberCount([id]), 1);
  });

  it("refuses the admin itself, non-members, non-admins and unknown channels", async () => {
    const id = await createPrivate([address(alice)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.removeMember([id, address(admin)]), registry, "ChannelAdminCannotLeave", [
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
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "KeyRotated", [id, 2n]);
    for (const [i, member] of members.entries()) {
      await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [id, 2n, member, keys[i]!]);
    }
    assert.equal(await registry.read.currentEpoch([id]), 2n);
    assert.equal(await registry.read.memberSince([id, address(alice)]), 1n);
    await registry.write.rotateKey([id, members, keys]);
    assert.equal(await registry.read.currentEpoch([id]), 3n);
  });

  it("requires exactly all members, strictly ascending", async () => {
    const id = await createPrivate([address(alice), address(bob)]);
    const members = sortAddresses([address(admin), address(alice), address(bob)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, members.slice(0, 2), keysFor(members.slice(0, 2))]), registry, "ChannelInvalidMemberList", [2n]);
    const descending = [...members].reverse();
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, descending, keysFor(descending)]), registry, "ChannelInvalidAccount", [
      descending[1]!,
    ]);
    const duplicate = [members[0]!, members[0]!, members[1]!];
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, duplicate, keysFor(duplicate)]), registry, "ChannelInvalidAccount", [
      members[0]!,
    ]);
    const withZero = [zeroAddress, members[0]!, members[1]!];
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, withZero, keysFor(withZero)]), registry, "ChannelInvalidAccount", [
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

  it("is admin only, refuses public channels and keeps them at epoch 1", async () => {
    const id = await createPrivate([address(alice)]);
    const members = sortAddresses([address(admin), address(alice)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, members, keysFor(members)], as(alice)), registry, "ChannelNotAdmin", [
      id,
      address(alice),
    ]);
    const publicId = await createPublic();
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([publicId, [address(admin)], [SEALED]]), registry, "ChannelIsPublic", [publicId]);
    assert.equal(await registry.read.currentEpoch([publicId]), 1n);
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([99n, [], []]), registry, "ChannelNotFound", [99n]);
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
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "KeyRotated", [id, 2n]);
    for (const [i, member] of remaining.entries()) {
      await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [id, 2n, member, keys[i]!]);
    }
    assert.deepEqual(await registry.read.channelInfo([id]), { admin: address(admin), isPublic: false, epoch: 2n, memberCount: 2 });
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
    assert.equal(await registry.read.currentEpoch([id]), 1n);
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
    await assertions.revertWithCustomErrorWithArgs(registry.write.removeMemberAndRotate([id, address(admin), [address(alice)], [SEALED]]), registry, "ChannelAdminCannotLeave", [
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
    await assertions.revertWithCustomErrorWithArgs(registry.write.transferAdmin([id, address(admin)]), registry, "ChannelInvalidAccount", [address(admin)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.transferAdmin([id, address(alice)], as(alice)), registry, "ChannelNotAdmin", [
      id,
      address(alice),
    ]);
  });
});
