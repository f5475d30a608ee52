import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { zeroHash } from "viem";
import { filler } from "../../scripts/contracts/bytes.js";
import { setup } from "./setup.js";

const t = await setup();
const { keyDirectory, assertions, alice, bob, as, address } = t;
const KEY_A = filler(32, 10);
const KEY_B = filler(32, 11);

describe("KeyDirectory", () => {
  beforeEach(t.restore);

  it("publishes the caller's key with previousKey zero", async () => {
    await assertions.emitWithArgs(keyDirectory.write.publishKey([KEY_A], as(alice)), keyDirectory, "KeyPublished", [
      address(alice),
      KEY_A,
      zeroHash,
    ]);
    assert.equal(await keyDirectory.read.keyOf([address(alice)]), KEY_A);
  });

  it("replaces a key and reports the previous one", async () => {
    await keyDirectory.write.publishKey([KEY_A], as(alice));
    await assertions.emitWithArgs(keyDirectory.write.publishKey([KEY_B], as(alice)), keyDirectory, "KeyPublished", [
      address(alice),
      KEY_B,
      KEY_A,
    ]);
    assert.equal(await keyDirectory.read.keyOf([address(alice)]), KEY_B);
  });

  it("only ever writes the caller's own entry", async () => {
    await keyDirectory.write.publishKey([KEY_A], as(alice));
    await keyDirectory.write.publishKey([KEY_B], as(bob));
    assert.equal(await keyDirectory.read.keyOf([address(alice)]), KEY_A);
    assert.equal(await keyDirectory.read.keyOf([address(bob)]), KEY_B);
  });

  it("returns zero for an account that never published", async () => {
    assert.equal(await keyDirectory.read.keyOf([address(bob)]), zeroHash);
  });

  it("rejects the zero key", async () => {
    await assertions.revertWithCustomError(keyDirectory.write.publishKey([zeroHash], as(alice)), keyDirectory, "KeyDirectoryInvalidKey");
  });
});
