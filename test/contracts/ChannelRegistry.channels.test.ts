import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { encodeAbiParameters, encodeFunctionData, keccak256, zeroAddress } from "viem";
import { fakeAddress, filler, sortAddresses } from "../../scripts/contracts/bytes.js";
import { CID, MAX_UINT256, META, PUBLIC_KEY, SEALED, newSalt, setup } from "./setup.js";

const t = await setup();
const { registry, keyDirectory, publicClient, assertions, admin, alice, bob, carol, as, address, idFor, createPublic, createPrivate, createDirect, eventsOf } =
  t;

describe("ChannelRegistry: bounds and deployment", () => {
  it("exposes its bounds as public constants", async () => {
    assert.equal(await registry.read.MIN_WRAPPED_CID_LENGTH(), 5n);
    assert.equal(await registry.read.MAX_WRAPPED_CID_LENGTH(), 128n);
    assert.equal(await registry.read.MAX_BATCH_SIZE(), 128n);
    assert.equal(await registry.read.MAX_METADATA_LENGTH(), 1024n);
    assert.equal(await registry.read.MIN_KEY_BYTES(), 32n);
    assert.equal(await registry.read.MAX_KEY_BYTES(), 256n);
    assert.equal(await registry.read.MAX_MEMBERS(), 64n);
    assert.equal(await registry.read.MAX_SESSION_DURATION(), 30n * 86_400n);
  });

  it("names its KeyDirectory, its window length (module default 1000) and its deployment block", async () => {
    assert.equal(await registry.read.keyDirectory(), keyDirectory.address);
    assert.equal(await registry.read.windowBlocks(), 1000);
    const deployed = await registry.read.deploymentBlock();
    assert.ok((await publicClient.getCode({ address: registry.address, blockNumber: deployed })) !== undefined);
    assert.equal(await publicClient.getCode({ address: registry.address, blockNumber: deployed - 1n }), undefined);
  });

  it("refuses a zero window and a zero KeyDirectory at deployment", async () => {
    await assertions.revertWithCustomError(t.viem.deployContract("ChannelRegistry", [keyDirectory.address, 0]), registry, "ChannelInvalidWindowBlocks");
    await assertions.revertWithCustomError(t.viem.deployContract("ChannelRegistry", [zeroAddress, 1000]), registry, "ChannelZeroKeyDirectory");
  });
});

describe("ChannelRegistry: channel ids", () => {
  beforeEach(t.restore);

  it("derives ids as uint256(keccak256(abi.encode(creator, salt))) >> 161", async () => {
    for (const [creator, salt] of [
      [address(alice), newSalt()],
      [address(bob), `0x${"00".repeat(32)}`],
      [fakeAddress(7), `0x${"ff".repeat(32)}`],
    ] as const) {
      const expected = BigInt(keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [creator, salt]))) >> 161n;
      assert.equal(await registry.read.channelIdFor([creator, salt]), expected);
      assert.ok(expected < 2n ** 95n);
    }
  });

  it("creates one channel per (creator, salt): the same salt gives another creator another id", async () => {
    const salt = newSalt();
    await registry.write.createChannel([salt, true, META, PUBLIC_KEY], as(alice));
    const id = await idFor(alice, salt);
    await assertions.revertWithCustomErrorWithArgs(registry.write.createChannel([salt, false, META, SEALED], as(alice)), registry, "ChannelExists", [id]);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createPrivateChannel([salt, META, SEALED, [], []], as(alice)),
      registry,
      "ChannelExists",
      [id],
    );
    await registry.write.createChannel([salt, true, META, PUBLIC_KEY], as(bob));
    assert.notEqual(await idFor(bob, salt), id);
    assert.equal((await registry.read.channelInfo([id])).admin, address(alice));
  });
});

describe("ChannelRegistry: createChannel", () => {
  beforeEach(t.restore);

  it("creates a public channel at epoch 1 with the creator as admin and only member", async () => {
    const salt = newSalt();
    const id = await idFor(alice, salt);
    const hash = await registry.write.createChannel([salt, true, META, PUBLIC_KEY], as(alice));
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "ChannelCreated", [id, address(alice), true, META, PUBLIC_KEY]);
    const { blockNumber } = await publicClient.getTransactionReceipt({ hash });
    assert.deepEqual(await registry.read.channelInfo([id]), {
      admin: address(alice),
      isPublic: true,
      isDirect: false,
      rekeyRequired: false,
      epoch: 1,
      memberCount: 1,
      messageWindow: 0,
      createdBlock: blockNumber,
      metadataBlock: blockNumber,
      stateBlock: blockNumber,
    });
    assert.equal(await registry.read.isMember([id, address(alice)]), true);
    assert.equal(await registry.read.memberSince([id, address(alice)]), 1);
    assert.equal(await registry.read.currentEpoch([id]), 1);
    assert.equal(await registry.read.memberCount([id]), 1);
  });

  it("creates a private channel", async () => {
    const salt = newSalt();
    await assertions.emitWithArgs(registry.write.createChannel([salt, false, "0x", SEALED], as(bob)), registry, "ChannelCreated", [
      await idFor(bob, salt),
      address(bob),
      false,
      "0x",
      SEALED,
    ]);
    const info = await registry.read.channelInfo([await idFor(bob, salt)]);
    assert.equal(info.isPublic, false);
    assert.equal(info.isDirect, false);
  });

  it("accepts metadata up to MAX_METADATA_LENGTH and rejects longer", async () => {
    await registry.write.createChannel([newSalt(), true, filler(1024), PUBLIC_KEY]);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createChannel([newSalt(), true, filler(1025), PUBLIC_KEY]),
      registry,
      "ChannelInvalidMetadataLength",
      [1025n, 1024n],
    );
  });

  it("accepts key material of 32..256 bytes and rejects anything else", async () => {
    await registry.write.createChannel([newSalt(), true, META, filler(32)]);
    await registry.write.createChannel([newSalt(), false, META, filler(256)]);
    for (const length of [0, 31, 257]) {
      await assertions.revertWithCustomErrorWithArgs(
        registry.write.createChannel([newSalt(), true, META, filler(length)]),
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
    const salt = newSalt();
    const id = await idFor(admin, salt);
    const hash = await registry.write.createPrivateChannel([salt, META, SEALED, members, keys]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "ChannelCreated", [id, address(admin), false, META, SEALED]);
    for (const [i, member] of members.entries()) {
      await assertions.emitWithArgs(Promise.resolve(hash), registry, "MemberAdded", [id, member, 1]);
      await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [id, 1, member, keys[i]!]);
      assert.equal(await registry.read.memberSince([id, member]), 1);
    }
    assert.equal(await registry.read.memberCount([id]), 3);
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
    const salt = newSalt();
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createPrivateChannel([salt, META, SEALED, members, members.map(() => SEALED)]),
      registry,
      "ChannelTooManyMembers",
      [65n, 64n],
    );
  });

  it("rejects mismatched lists, the zero address, duplicates, the creator and bad keys", async () => {
    const salt = newSalt();
    const id = await idFor(admin, salt);
    const create = (members: `0x${string}`[], keys: `0x${string}`[], creatorKey = SEALED, metadata = META) =>
      registry.write.createPrivateChannel([salt, metadata, creatorKey, members, keys]);
    await assertions.revertWithCustomErrorWithArgs(create([address(alice), address(bob)], [SEALED]), registry, "ChannelLengthMismatch", [2n, 1n]);
    await assertions.revertWithCustomError(create([zeroAddress], [SEALED]), registry, "ChannelZeroAddress");
    await assertions.revertWithCustomErrorWithArgs(create([address(alice), address(alice)], [SEALED, SEALED]), registry, "ChannelAlreadyMember", [
      id,
      address(alice),
    ]);
    await assertions.revertWithCustomErrorWithArgs(create([address(admin)], [SEALED]), registry, "ChannelAlreadyMember", [id, address(admin)]);
    await assertions.revertWithCustomErrorWithArgs(create([address(alice)], [filler(31)]), registry, "ChannelInvalidKeyLength", [31n]);
    await assertions.revertWithCustomErrorWithArgs(create([], [], filler(257)), registry, "ChannelInvalidKeyLength", [257n]);
    await assertions.revertWithCustomErrorWithArgs(create([], [], SEALED, filler(1025)), registry, "ChannelInvalidMetadataLength", [1025n, 1024n]);
  });
});

describe("ChannelRegistry: createDirectChannel", () => {
  beforeEach(t.restore);

  it("creates the 1:1 channel, records the pair both ways and seals the key to the peer", async () => {
    const peerKey = filler(92, 30);
    const salt = newSalt();
    const id = await idFor(alice, salt);
    const hash = await registry.write.createDirectChannel([salt, address(bob), META, SEALED, peerKey], as(alice));
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "ChannelCreated", [id, address(alice), false, META, SEALED]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "DirectChannelCreated", [id, address(alice), address(bob)]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "MemberAdded", [id, address(bob), 1]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "EpochKeyShared", [id, 1, address(bob), peerKey]);
    assert.equal(await registry.read.directChannelOf([address(alice), address(bob)]), id);
    assert.equal(await registry.read.directChannelOf([address(bob), address(alice)]), id);
    const info = await registry.read.channelInfo([id]);
    assert.deepEqual([info.admin, info.isPublic, info.isDirect, info.epoch, info.memberCount], [address(alice), false, true, 1, 2]);
  });

  it("allows one direct channel per pair, from either side", async () => {
    const id = await createDirect(alice, bob);
    for (const [from, peer] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      await assertions.revertWithCustomErrorWithArgs(
        registry.write.createDirectChannel([newSalt(), address(peer), META, SEALED, SEALED], as(from)),
        registry,
        "ChannelDirectExists",
        [id],
      );
    }
    const other = await createDirect(alice, carol);
    assert.equal(await registry.read.directChannelOf([address(carol), address(alice)]), other);
  });

  it("returns 0 for a pair without a direct channel", async () => {
    assert.equal(await registry.read.directChannelOf([address(alice), address(bob)]), 0n);
  });

  it("rejects the zero address, the caller itself and a bad peer key", async () => {
    await assertions.revertWithCustomError(
      registry.write.createDirectChannel([newSalt(), zeroAddress, META, SEALED, SEALED], as(alice)),
      registry,
      "ChannelZeroAddress",
    );
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createDirectChannel([newSalt(), address(alice), META, SEALED, SEALED], as(alice)),
      registry,
      "ChannelDirectWithSelf",
      [address(alice)],
    );
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.createDirectChannel([newSalt(), address(bob), META, SEALED, "0x"], as(alice)),
      registry,
      "ChannelInvalidKeyLength",
      [0n],
    );
  });
});

describe("ChannelRegistry: updateMetadata and views", () => {
  beforeEach(t.restore);

  it("lets the admin replace metadata, tagged with the current epoch, and records its block", async () => {
    const id = await createPrivate([address(alice)]);
    await registry.write.rotateKey([id, sortAddresses([address(admin), address(alice)]), [SEALED, SEALED]]);
    const metadata = filler(40, 5);
    const hash = await registry.write.updateMetadata([id, metadata]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "MetadataUpdated", [id, 2, metadata]);
    const { blockNumber } = await publicClient.getTransactionReceipt({ hash });
    const info = await registry.read.channelInfo([id]);
    assert.equal(info.metadataBlock, blockNumber);
    assert.equal(info.stateBlock, blockNumber);
    assert.ok(info.createdBlock < blockNumber);
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
      assert.equal(await registry.read.memberSince([id, address(admin)]), 0);
    }
  });

  it("never confuses a channel with an id that differs only above bit 95", async () => {
    const id = await createPublic();
    const alias = id + 2n ** 96n;
    assert.equal(await registry.read.isMember([alias, address(admin)]), false);
    await assertions.revertWithCustomErrorWithArgs(registry.write.post([alias, CID]), registry, "ChannelNotMember", [alias, address(admin)]);
  });

  it("batches calls with multicall, keeping msg.sender", async () => {
    const salt = newSalt();
    const id = await idFor(bob, salt);
    const calls = [
      { functionName: "createChannel", args: [salt, true, META, PUBLIC_KEY] },
      { functionName: "post", args: [id, CID] },
    ] as const;
    const data = calls.map((call) => encodeFunctionData({ abi: registry.abi, ...call }));
    const hash = await registry.write.multicall([data], as(bob));
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "ChannelCreated", [id, address(bob), true, META, PUBLIC_KEY]);
    await assertions.emitWithArgs(Promise.resolve(hash), registry, "Posted", [id, address(bob), CID]);
    assert.equal((await registry.read.channelInfo([id])).admin, address(bob));
  });
});
