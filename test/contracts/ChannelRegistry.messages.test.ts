import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { encodeFunctionData, parseEther, zeroAddress } from "viem";
import { fakeAddress, filler, packBatch, wrappedCid } from "../../scripts/contracts/bytes.js";
import { CID, SEALED, setup } from "./setup.js";

const t = await setup();
const { registry, assertions, time, viem, publicClient, networkHelpers, admin, alice, bob, sessionKey, otherKey, as, address, createPublic, createPrivate, eventsOf, authorize } =
  t;
const WINDOW = BigInt(await registry.read.windowBlocks());
const DAY = 86_400n;
const items = (count: number, length = 64) => Array.from({ length: count }, (_, i) => wrappedCid(1, length, 200 + i));

describe("ChannelRegistry: post", () => {
  beforeEach(t.restore);

  it("emits the wrapped CID attributed to the sender", async () => {
    const id = await createPublic();
    await registry.write.join([id], as(alice));
    await assertions.emitWithArgs(registry.write.post([id, CID], as(alice)), registry, "Posted", [id, address(alice), CID]);
    await assertions.emitWithArgs(registry.write.post([id, CID]), registry, "Posted", [id, address(admin), CID]);
  });

  it("accepts MIN_WRAPPED_CID_LENGTH..MAX_WRAPPED_CID_LENGTH bytes and rejects shorter or longer", async () => {
    const id = await createPublic();
    for (const length of [5, 31, 33, 128]) {
      await assertions.emitWithArgs(registry.write.post([id, wrappedCid(1, length)]), registry, "Posted", [id, address(admin), wrappedCid(1, length)]);
    }
    for (const length of [0, 1, 4, 129, 300]) {
      await assertions.revertWithCustomErrorWithArgs(registry.write.post([id, filler(length)]), registry, "ChannelInvalidWrappedCidLength", [BigInt(length)]);
    }
  });

  it("refuses a wrapped CID of any other epoch than the current one", async () => {
    const id = await createPublic();
    for (const epoch of [0, 2, 2 ** 32 - 1]) {
      await assertions.revertWithCustomErrorWithArgs(registry.write.post([id, wrappedCid(epoch)]), registry, "ChannelStaleEpoch", [id, 1, epoch]);
    }
  });

  it("refuses non-members, on public and private channels and unknown ids", async () => {
    const publicId = await createPublic();
    const privateId = await createPrivate([address(alice)]);
    for (const id of [publicId, privateId, 77n]) {
      await assertions.revertWithCustomErrorWithArgs(registry.write.post([id, CID], as(bob)), registry, "ChannelNotMember", [id, address(bob)]);
    }
  });
});

describe("ChannelRegistry: message windows", () => {
  beforeEach(t.restore);

  /** Mines until the next transaction opens a new window. */
  const toNextWindow = async () => {
    const next = (await publicClient.getBlockNumber()) + 1n;
    await networkHelpers.mine(WINDOW - (next % WINDOW) || WINDOW);
  };
  const windowOf = (blockNumber: bigint) => Number(blockNumber / WINDOW) + 1;

  it("links the first message of each window to the window of the message before", async () => {
    const id = await createPublic();
    const first = await registry.write.post([id, CID]);
    const firstBlock = (await publicClient.getTransactionReceipt({ hash: first })).blockNumber;
    assert.deepEqual(
      (await eventsOf(first)).map((e) => [e.eventName, e.args]),
      [
        ["MessagesLinked", { channelId: id, previousWindow: 0 }],
        ["Posted", { channelId: id, sender: address(admin), wrappedCid: CID }],
      ],
    );
    assert.equal((await registry.read.channelInfo([id])).messageWindow, windowOf(firstBlock));
    const same = await registry.write.postBatch([id, packBatch(items(2))]);
    assert.deepEqual((await eventsOf(same)).map((e) => e.eventName), ["BatchPosted"], "the same window is not linked again");

    await toNextWindow();
    const next = await registry.write.post([id, CID]);
    const nextBlock = (await publicClient.getTransactionReceipt({ hash: next })).blockNumber;
    await assertions.emitWithArgs(Promise.resolve(next), registry, "MessagesLinked", [id, windowOf(firstBlock)]);
    assert.equal((await registry.read.channelInfo([id])).messageWindow, windowOf(nextBlock));
  });

  it("keeps each channel's windows apart", async () => {
    const [one, two] = [await createPublic(), await createPublic()];
    await registry.write.post([one, CID]);
    await assertions.emitWithArgs(registry.write.post([two, CID]), registry, "MessagesLinked", [two, 0]);
    assert.equal((await registry.read.channelInfo([two])).messageWindow, (await registry.read.channelInfo([one])).messageWindow);
  });
});

describe("ChannelRegistry: postBatch", () => {
  beforeEach(t.restore);

  it("emits the packed batch as given", async () => {
    const id = await createPublic();
    for (const batch of [[CID], items(3, 50), [wrappedCid(1, 5), wrappedCid(1, 128)], items(128)]) {
      const packed = packBatch(batch);
      await assertions.emitWithArgs(registry.write.postBatch([id, packed]), registry, "BatchPosted", [id, address(admin), packed]);
    }
  });

  it("reports the offset of the first malformed item", async () => {
    const id = await createPublic();
    const good = packBatch([wrappedCid(1, 10), wrappedCid(1, 20)]); // 32 bytes
    const cases = [
      { packed: `${good}00` as const, offset: 32n }, // zero length
      { packed: `${good}04${filler(4).slice(2)}` as const, offset: 32n }, // 4 < min: no room for the epoch
      { packed: `${good}81${filler(129).slice(2)}` as const, offset: 32n }, // 129 > max
      { packed: `${good}05aabb` as const, offset: 32n }, // truncated item
      { packed: `${good}01` as const, offset: 32n }, // trailing length byte
      { packed: "0x00" as const, offset: 0n },
    ];
    for (const { packed, offset } of cases) {
      await assertions.revertWithCustomErrorWithArgs(registry.write.postBatch([id, packed]), registry, "ChannelInvalidBatch", [offset]);
    }
  });

  it("rejects an empty batch and more than MAX_BATCH_SIZE items", async () => {
    const id = await createPublic();
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatch([id, "0x"]), registry, "ChannelEmptyBatch", []);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatch([id, packBatch(items(129, 8))]), registry, "ChannelBatchTooLarge", [129n, 128n]);
  });

  it("refuses a batch holding one item of another epoch", async () => {
    const id = await createPublic();
    const packed = packBatch([...items(3), wrappedCid(2), ...items(2)]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatch([id, packed]), registry, "ChannelStaleEpoch", [id, 1, 2]);
  });

  it("refuses non-members", async () => {
    const id = await createPublic();
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatch([id, packBatch([CID])], as(bob)), registry, "ChannelNotMember", [id, address(bob)]);
  });
});

describe("ChannelRegistry: session keys", () => {
  beforeEach(t.restore);

  it("authorises a key with an expiry and forwards the ETH sent", async () => {
    const key = fakeAddress(500);
    const expiry = BigInt(await time.latest()) + DAY;
    const hash = registry.write.authorizeSessionKey([key, expiry], { ...as(alice), value: parseEther("0.5") });
    await assertions.balancesHaveChanged(hash, [
      { address: key, amount: parseEther("0.5") },
      { address: registry.address, amount: 0n },
    ]);
    await assertions.emitWithArgs(registry.write.authorizeSessionKey([key, expiry + 1n], as(alice)), registry, "SessionKeyAuthorized", [
      address(alice),
      key,
      expiry + 1n,
    ]);
    assert.equal(await registry.read.sessionKeyExpiry([address(alice), key]), expiry + 1n);
  });

  it("accepts an expiry up to MAX_SESSION_DURATION ahead and nothing outside (now, now + max]", async () => {
    const key = fakeAddress(501);
    const now = BigInt(await time.latest()) + 10n;
    const max = now + 30n * DAY;
    for (const expiry of [now, now - 5n]) {
      await time.setNextBlockTimestamp(now);
      await assertions.revertWithCustomErrorWithArgs(registry.write.authorizeSessionKey([key, expiry]), registry, "SessionKeyExpiryInPast", [expiry]);
    }
    await time.setNextBlockTimestamp(now);
    await assertions.revertWithCustomErrorWithArgs(registry.write.authorizeSessionKey([key, max + 1n]), registry, "SessionKeyExpiryTooFar", [max + 1n, max]);
    await time.setNextBlockTimestamp(now);
    await registry.write.authorizeSessionKey([key, max]);
    assert.equal(await registry.read.sessionKeyExpiry([address(admin), key]), max);
  });

  it("rejects the zero address and the caller as key", async () => {
    const expiry = BigInt(await time.latest()) + DAY;
    await assertions.revertWithCustomError(registry.write.authorizeSessionKey([zeroAddress, expiry], as(alice)), registry, "SessionKeyZeroAddress");
    await assertions.revertWithCustomErrorWithArgs(registry.write.authorizeSessionKey([address(alice), expiry], as(alice)), registry, "SessionKeyIsCaller", [
      address(alice),
    ]);
  });

  it("cannot be funded through multicall (no msg.value reuse across batched calls)", async () => {
    const expiry = BigInt(await time.latest()) + DAY;
    const call = encodeFunctionData({ abi: registry.abi, functionName: "authorizeSessionKey", args: [fakeAddress(502), expiry] });
    const data = encodeFunctionData({ abi: registry.abi, functionName: "multicall", args: [[call, call]] });
    await assertions.revert(admin.sendTransaction({ to: registry.address, data, value: 1n }));
    assert.equal(await registry.read.sessionKeyExpiry([address(admin), fakeAddress(502)]), 0n);
  });

  it("reverts when the key refuses the forwarded ETH", async () => {
    const rejecter = await viem.deployContract("EtherRejecter");
    const expiry = BigInt(await time.latest()) + DAY;
    await assertions.revertWithCustomError(
      registry.write.authorizeSessionKey([rejecter.address, expiry], { value: 1n }),
      registry,
      "FailedCall",
    );
    assert.equal(await registry.read.sessionKeyExpiry([address(admin), rejecter.address]), 0n);
  });

  it("posts for the wallet until expiry; the event names the wallet", async () => {
    const id = await createPublic();
    const expiry = await authorize(admin, sessionKey, 100n);
    await assertions.emitWithArgs(registry.write.postAs([address(admin), id, CID], as(sessionKey)), registry, "Posted", [id, address(admin), CID]);
    const packed = packBatch(items(5));
    await assertions.emitWithArgs(registry.write.postBatchAs([address(admin), id, packed], as(sessionKey)), registry, "BatchPosted", [
      id,
      address(admin),
      packed,
    ]);
    await time.setNextBlockTimestamp(expiry);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postAs([address(admin), id, CID], as(sessionKey)), registry, "SessionKeyUnauthorized", [
      address(admin),
      address(sessionKey),
    ]);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.postBatchAs([address(admin), id, packed], as(sessionKey)),
      registry,
      "SessionKeyUnauthorized",
      [address(admin), address(sessionKey)],
    );
  });

  it("revokes immediately; revoking an unknown key reverts", async () => {
    const id = await createPublic();
    await authorize(admin, sessionKey);
    await assertions.emitWithArgs(registry.write.revokeSessionKey([address(sessionKey)]), registry, "SessionKeyRevoked", [address(admin), address(sessionKey)]);
    assert.equal(await registry.read.sessionKeyExpiry([address(admin), address(sessionKey)]), 0n);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postAs([address(admin), id, CID], as(sessionKey)), registry, "SessionKeyUnauthorized", [
      address(admin),
      address(sessionKey),
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.revokeSessionKey([address(sessionKey)]), registry, "SessionKeyUnauthorized", [
      address(admin),
      address(sessionKey),
    ]);
  });

  it("refuses keys never authorised by that wallet, and wallets that are not members", async () => {
    const id = await createPrivate([address(alice)]);
    await authorize(bob, sessionKey);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postAs([address(alice), id, CID], as(sessionKey)), registry, "SessionKeyUnauthorized", [
      address(alice),
      address(sessionKey),
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postAs([address(bob), id, CID], as(sessionKey)), registry, "ChannelNotMember", [id, address(bob)]);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.postBatchAs([address(bob), id, packBatch([CID])], as(sessionKey)),
      registry,
      "ChannelNotMember",
      [id, address(bob)],
    );
    await assertions.revertWithCustomErrorWithArgs(registry.write.postAs([address(admin), id, CID], as(otherKey)), registry, "SessionKeyUnauthorized", [
      address(admin),
      address(otherKey),
    ]);
  });

  it("keys authorisations by wallet: nobody overwrites or revokes another wallet's", async () => {
    const id = await createPrivate([address(alice)]);
    const aliceExpiry = await authorize(alice, sessionKey, 1_000n);
    const bobExpiry = await authorize(bob, sessionKey, 10n);
    await registry.write.revokeSessionKey([address(sessionKey)], as(bob));
    assert.equal(await registry.read.sessionKeyExpiry([address(alice), address(sessionKey)]), aliceExpiry);
    assert.notEqual(aliceExpiry, bobExpiry);
    await assertions.emitWithArgs(registry.write.postAs([address(alice), id, CID], as(sessionKey)), registry, "Posted", [id, address(alice), CID]);
  });

  it("gives a session key no other power: it is just a non-member", async () => {
    const id = await createPrivate([address(alice)]);
    const publicId = await createPublic();
    await authorize(admin, sessionKey);
    const key = address(sessionKey);
    const asKey = as(sessionKey);
    await assertions.revertWithCustomErrorWithArgs(registry.write.post([id, CID], asKey), registry, "ChannelNotMember", [id, key]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatch([id, packBatch([CID])], asKey), registry, "ChannelNotMember", [id, key]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.addMember([id, address(bob), SEALED], asKey), registry, "ChannelNotAdmin", [id, key]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.removeMember([id, address(alice)], asKey), registry, "ChannelNotAdmin", [id, key]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.rotateKey([id, [], []], asKey), registry, "ChannelNotAdmin", [id, key]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.transferAdmin([id, key], asKey), registry, "ChannelNotAdmin", [id, key]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.updateMetadata([id, "0x"], asKey), registry, "ChannelNotAdmin", [id, key]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.leave([id], asKey), registry, "ChannelNotMember", [id, key]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.join([id], asKey), registry, "ChannelNotPublic", [id]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.revokeSessionKey([address(alice)], asKey), registry, "SessionKeyUnauthorized", [key, address(alice)]);
    // Joining a public channel makes the key a member in its own name, never the wallet's.
    await assertions.emitWithArgs(registry.write.join([publicId], asKey), registry, "MemberJoined", [publicId, key]);
    assert.equal(await registry.read.isMember([id, key]), false);
  });
});
