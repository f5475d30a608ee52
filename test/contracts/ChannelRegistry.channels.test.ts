import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { encodeFunctionData, zeroAddress } from "viem";
import { fakeAddress, filler } from "../../scripts/contracts/bytes.js";
import { MAX_UINT256, META, PUBLIC_KEY, SEALED, setup } from "./setup.js";

const t = await setup();
const { registry, assertions, admin, alice, bob, carol, as, address, createPublic, createPrivate, eventsOf } = t;

describe("ChannelRegistry: bounds", () => {
  it("exposes its bounds as public constants", async () => {
    assert.equal(await registry.read.MAX_WRAPPED_CID_LENGTH(), 128n);
    assert.equal(await registry.read.MAX_BATCH_SIZE(), 128n);
    assert.equal(await registry.read.MAX_METADATA_LENGTH(), 1024n);
    assert.equal(await registry.read.MIN_KEY_BYTES(), 32n);
    assert.equal(await registry.read.MAX_KEY_BYTES(), 256n);
    assert.equal(await registry.read.MAX_MEMBERS(), 64n);
    assert.equal(await registry.read.MAX_SESSION_DURATION(), 30n * 86_400n);
  });
});

describe("ChannelRegistry: createChannel", () => {
  beforeEach(t.restore);

  it("creates a public channel at epoch 1 with the creator as admin and only member", async () => {
    await assertions.emitWithArgs(registry.write.createChannel([true, META, PUBLIC_KEY], as(alice)), registry, "ChannelCreated", [
      1n,
      address(alice),
      true,
      META,
      PUBLIC_KEY,
    ]);
    assert.deepEqual(await registry.read.channelInfo([1n]), { admin: address(alice), isPublic: true, epoch: 1n, memberCount: 1 });
    assert.equal(await registry.read.isMember([1n, address(alice)]), true);
    assert.equal(await registry.read.memberSince([1n, address(alice)]), 1n);
    assert.equal(await registry.read.currentEpoch([1n]), 1n);
    assert.equal(await registry.read.memberCount([1n]), 1);
    assert.equal(await registry.read.channelCount(), 1n);
  });

  it("creates a private channel and numbers channels sequentially", async () => {
    await createPublic();
    await assertions.emitWithArgs(registry.write.createChannel([false, "0x", SEALED], as(bob)), registry, "ChannelCreated", [
      2n,
      address(bob),
      false,
      "0x",
      SEALED,
    ]);
    assert.equal((await registry.read.channelInfo([2n])).isPublic, false);
    assert.equal(await registry.read.channelCount(), 2n);
  });

  it("accepts metadata up to MAX_METADATA_LENGTH and rejects longer", async () => {
    await registry.write.createChannel([true, filler(1024), PUBLIC_KEY]);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createChannel([true, filler(1025), PUBLIC_KEY]),
      registry,
      "ChannelInvalidMetadataLength",
      [1025n, 1024n],
    );
  });

  it("accepts key material of 32..256 bytes and rejects anything else", async () => {
    await registry.write.createChannel([true, META, filler(32)]);
    await registry.write.createChannel([false, META, filler(256)]);
    for (const length of [0, 31, 257]) {
      await assertions.revertWithCustomErrorWithArgs(
        registry.write.createChannel([true, META, filler(length)]),
        registry,
        "ChannelInvalidKeyLength",
        [BigInt(length)],
      );
    }
  });
});

describe("ChannelRegistry: createPrivateChannel", () => {
  beforeEach(t.restore);

  it("adds every member at epoch 1 and shares the key with each", async () => {
    const members = [address(alice), address(bob)];
    const keys = [filler(92, 20), filler(92, 21)];
    const hash = await registry.write.createPrivateChannel([META, SEALED, members, keys]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "ChannelCreated", [1n, address(admin), false, META, SEALED]);
    for (const [i, member] of members.entries()) {
      await assertions.emitWithArgs(Promise.resolve(hash), registry, "MemberAdded", [1n, member, 1n]);
      await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [1n, 1n, member, keys[i]!]);
      assert.equal(await registry.read.memberSince([1n, member]), 1n);
    }
    assert.equal(await registry.read.memberCount([1n]), 3);
    assert.equal((await eventsOf(hash)).filter((e) => e.eventName === "EpochKeyShared").length, 2);
  });

  it("allows an empty member list", async () => {
    const id = await createPrivate([]);
    assert.equal(await registry.read.memberCount([id]), 1);
  });

  it("accepts MAX_MEMBERS - 1 members and rejects MAX_MEMBERS", async () => {
    const members = Array.from({ length: 64 }, (_, i) => fakeAddress(i));
    const id = await createPrivate(members.slice(0, 63));
    assert.equal(await registry.read.memberCount([id]), 64);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createPrivateChannel([META, SEALED, members, members.map(() => SEALED)]),
      registry,
      "ChannelInvalidMemberList",
      [64n],
    );
  });

  it("rejects mismatched lists, the zero address, duplicates, the creator and bad keys", async () => {
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createPrivateChannel([META, SEALED, [address(alice), address(bob)], [SEALED]]),
      registry,
      "ChannelLengthMismatch",
      [2n, 1n],
    );
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createPrivateChannel([META, SEALED, [zeroAddress], [SEALED]]),
      registry,
      "ChannelInvalidAccount",
      [zeroAddress],
    );
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createPrivateChannel([META, SEALED, [address(alice), address(alice)], [SEALED, SEALED]]),
      registry,
      "ChannelAlreadyMember",
      [1n, address(alice)],
    );
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createPrivateChannel([META, SEALED, [address(admin)], [SEALED]]),
      registry,
      "ChannelAlreadyMember",
      [1n, address(admin)],
    );
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createPrivateChannel([META, SEALED, [address(alice)], [filler(31)]]),
      registry,
      "ChannelInvalidKeyLength",
      [31n],
    );
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createPrivateChannel([META, filler(257), [], []]),
      registry,
      "ChannelInvalidKeyLength",
      [257n],
    );
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createPrivateChannel([filler(1025), SEALED, [], []]),
      registry,
      "ChannelInvalidMetadataLength",
      [1025n, 1024n],
    );
  });
});

describe("ChannelRegistry: createDirectChannel", () => {
  beforeEach(t.restore);

  it("creates the 1:1 channel, records the pair both ways and seals the key to the peer", async () => {
    const peerKey = filler(92, 30);
    const hash = await registry.write.createDirectChannel([address(bob), META, SEALED, peerKey], as(alice));
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "ChannelCreated", [1n, address(alice), false, META, SEALED]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "DirectChannelCreated", [1n, address(alice), address(bob)]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "MemberAdded", [1n, address(bob), 1n]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [1n, 1n, address(bob), peerKey]);
    assert.equal(await registry.read.directChannelOf([address(alice), address(bob)]), 1n);
    assert.equal(await registry.read.directChannelOf([address(bob), address(alice)]), 1n);
    assert.deepEqual(await registry.read.channelInfo([1n]), { admin: address(alice), isPublic: false, epoch: 1n, memberCount: 2 });
  });

  it("allows one direct channel per pair, from either side", async () => {
    await registry.write.createDirectChannel([address(bob), META, SEALED, SEALED], as(alice));
    for (const [from, peer] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      await assertions.revertWithCustomErrorWithArgs(
        registry.write.createDirectChannel([address(peer), META, SEALED, SEALED], as(from)),
        registry,
        "ChannelDirectExists",
        [1n],
      );
    }
    await registry.write.createDirectChannel([address(carol), META, SEALED, SEALED], as(alice));
    assert.equal(await registry.read.directChannelOf([address(carol), address(alice)]), 2n);
  });

  it("returns 0 for a pair without a direct channel", async () => {
    assert.equal(await registry.read.directChannelOf([address(alice), address(bob)]), 0n);
  });

  it("rejects the zero address, the caller itself and a bad peer key", async () => {
    for (const peer of [zeroAddress, address(alice)]) {
      await assertions.revertWithCustomErrorWithArgs(
        registry.write.createDirectChannel([peer, META, SEALED, SEALED], as(alice)),
        registry,
        "ChannelInvalidAccount",
        [peer],
      );
    }
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createDirectChannel([address(bob), META, SEALED, "0x"], as(alice)),
      registry,
      "ChannelInvalidKeyLength",
      [0n],
    );
  });
});

describe("ChannelRegistry: updateMetadata and views", () => {
  beforeEach(t.restore);

  it("lets the admin replace metadata, tagged with the current epoch", async () => {
    const id = await createPrivate([address(alice)]);
    const sorted = [address(admin), address(alice)].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await registry.write.rotateKey([id, sorted, [SEALED, SEALED]]);
    const metadata = filler(40, 5);
    await assertions.emitWithArgs(registry.write.updateMetadata([id, metadata]), registry, "MetadataUpdated", [id, 2n, metadata]);
  });

  it("rejects non-admins, unknown channels and oversize metadata", async () => {
    const id = await createPublic();
    await registry.write.join([id], as(alice));
    await assertions.revertWithCustomErrorWithArgs(registry.write.updateMetadata([id, META], as(alice)), registry, "ChannelNotAdmin", [
      id,
      address(alice),
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.updateMetadata([99n, META]), registry, "ChannelNotFound", [99n]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.updateMetadata([id, filler(1025)]), registry, "ChannelInvalidMetadataLength", [
      1025n,
      1024n,
    ]);
  });

  it("views of an unknown channel revert with ChannelNotFound; membership views answer false/0", async () => {
    for (const id of [0n, 1n, MAX_UINT256]) {
      await assertions.revertWithCustomErrorWithArgs(registry.read.channelInfo([id]), registry, "ChannelNotFound", [id]);
      await assertions.revertWithCustomErrorWithArgs(registry.read.currentEpoch([id]), registry, "ChannelNotFound", [id]);
      await assertions.revertWithCustomErrorWithArgs(registry.read.memberCount([id]), registry, "ChannelNotFound", [id]);
      assert.equal(await registry.read.isMember([id, address(admin)]), false);
      assert.equal(await registry.read.memberSince([id, address(admin)]), 0n);
    }
  });

  it("never confuses a channel with an id that differs only above bit 95", async () => {
    const id = await createPublic();
    const alias = id + 2n ** 96n;
    assert.equal(await registry.read.isMember([alias, address(admin)]), false);
    await assertions.revertWithCustomErrorWithArgs(registry.write.post([alias, filler(64)]), registry, "ChannelNotMember", [
      alias,
      address(admin),
    ]);
  });

  it("batches calls with multicall, keeping msg.sender", async () => {
    const calls = [
      { functionName: "createChannel", args: [true, META, PUBLIC_KEY] },
      { functionName: "post", args: [1n, filler(64)] },
    ] as const;
    const data = calls.map((call) => encodeFunctionData({ abi: registry.abi, ...call }));
    const hash = await registry.write.multicall([data], as(bob));
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "ChannelCreated", [1n, address(bob), true, META, PUBLIC_KEY]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "Posted", [1n, address(bob), filler(64)]);
    assert.equal((await registry.read.channelInfo([1n])).admin, address(bob));
  });
});
