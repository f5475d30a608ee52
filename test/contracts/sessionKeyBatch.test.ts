import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { fakeAddress, packBatch, sortAddresses, wrappedCid } from "../../scripts/contracts/bytes.js";
import { CID, SEALED, setup } from "./setup.js";

const t = await setup();
const { registry, assertions, time, admin, alice, bob, sessionKey, otherKey, as, address, createPublic, createPrivate, eventsOf, authorize } = t;
const items = (count: number) => Array.from({ length: count }, (_, i) => wrappedCid(1, 64, 700 + i));

describe("ChannelRegistry: batches through a session key (postBatchAs)", () => {
  beforeEach(() => t.restore());

  it("attributes a batch to the wallet in BatchPosted, never to the key", async () => {
    const id = await createPrivate([address(alice)]);
    await authorize(alice, sessionKey);
    const packed = packBatch(items(20));
    const hash = await registry.write.postBatchAs([address(alice), id, packed], as(sessionKey));
    const events = (await eventsOf(hash)).filter((e) => e.eventName !== "MessagesLinked");
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.eventName, "BatchPosted");
    assert.deepEqual(event.args, { channelId: id, sender: address(alice), packed });
  });

  it("posts a full batch of 128 and refuses 129 or an empty batch with the size error", async () => {
    const id = await createPublic();
    await registry.write.join([id], as(alice));
    await authorize(alice, sessionKey);
    const max = await registry.read.MAX_BATCH_SIZE();
    await registry.write.postBatchAs([address(alice), id, packBatch(items(Number(max)))], as(sessionKey));
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.postBatchAs([address(alice), id, packBatch(items(Number(max) + 1))], as(sessionKey)),
      registry,
      "ChannelBatchTooLarge",
      [max + 1n, max],
    );
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatchAs([address(alice), id, "0x"], as(sessionKey)), registry, "ChannelEmptyBatch", []);
  });

  it("refuses a batch once the key has expired (at the expiry second)", async () => {
    const id = await createPrivate([address(alice)]);
    const expiry = await authorize(alice, sessionKey, 50n);
    const packed = packBatch(items(3));
    await time.setNextBlockTimestamp(expiry - 1n);
    await registry.write.postBatchAs([address(alice), id, packed], as(sessionKey));
    await time.setNextBlockTimestamp(expiry);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatchAs([address(alice), id, packed], as(sessionKey)), registry, "SessionKeyUnauthorized", [
      address(alice),
      address(sessionKey),
    ]);
  });

  it("refuses a batch in the very next transaction after revoking", async () => {
    const id = await createPrivate([address(alice)]);
    await authorize(alice, sessionKey);
    const packed = packBatch(items(5));
    await registry.write.postBatchAs([address(alice), id, packed], as(sessionKey));
    await registry.write.revokeSessionKey([address(sessionKey)], as(alice));
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatchAs([address(alice), id, packed], as(sessionKey)), registry, "SessionKeyUnauthorized", [
      address(alice),
      address(sessionKey),
    ]);
  });

  it("refuses a key authorised by another wallet, and an unauthorised key", async () => {
    const id = await createPrivate([address(alice), address(bob)]);
    await authorize(bob, sessionKey);
    const packed = packBatch([CID]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatchAs([address(alice), id, packed], as(sessionKey)), registry, "SessionKeyUnauthorized", [
      address(alice),
      address(sessionKey),
    ]);
    await assertions.revertWithCustomErrorWithArgs(registry.write.postBatchAs([address(bob), id, packed], as(otherKey)), registry, "SessionKeyUnauthorized", [
      address(bob),
      address(otherKey),
    ]);
  });

  it("refuses a batch for a wallet that is not a member, or was removed after authorising", async () => {
    const id = await createPrivate([address(alice), address(bob)]);
    await authorize(bob, sessionKey);
    await registry.write.postBatchAs([address(bob), id, packBatch(items(2))], as(sessionKey));
    const remaining = sortAddresses([address(admin), address(alice)]);
    await registry.write.removeMemberAndRotate([id, address(bob), remaining, remaining.map(() => SEALED)]);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.postBatchAs([address(bob), id, packBatch(items(2).map((_, i) => wrappedCid(2, 64, 800 + i)))], as(sessionKey)),
      registry,
      "ChannelNotMember",
      [id, address(bob)],
    );
    const stranger = fakeAddress(901);
    await assertions.revertWithCustomErrorWithArgs(
      registry.write.postBatchAs([stranger, id, packBatch(items(2))], as(sessionKey)),
      registry,
      "SessionKeyUnauthorized",
      [stranger, address(sessionKey)],
    );
  });

  it("refuses malformed framing through the key like a direct batch", async () => {
    const id = await createPrivate([address(alice)]);
    await authorize(alice, sessionKey);
    const truncated = packBatch(items(2)).slice(0, -2) as `0x${string}`;
    await assertions.revertWithCustomError(registry.write.postBatchAs([address(alice), id, truncated], as(sessionKey)), registry, "ChannelInvalidBatch");
  });
});
