import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { parseEventLogs, zeroHash, type Hex } from "viem";
import { filler } from "../../scripts/contracts/bytes.js";
import { setup } from "./setup.js";

const t = await setup();
const { keyDirectory, assertions, publicClient, alice, bob, as, address } = t;
const KEY_A = filler(32, 10);
const KEY_B = filler(32, 11);
/** An 81-byte passphrase backup (PROTOCOL.md §11) and a second one, as after a passphrase change. */
const BACKUP = filler(81, 12);
const OTHER_BACKUP = filler(81, 13);
const MAX_BACKUP_LENGTH = 256;

/** The KeyDirectory's events of one transaction, decoded, as [name, args] pairs. */
const eventsOf = async (sent: Promise<Hex>) => {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await sent });
  return parseEventLogs({ abi: keyDirectory.abi, logs: receipt.logs }).map((log) => [log.eventName, log.args] as const);
};

describe("KeyDirectory", () => {
  beforeEach(t.restore);

  describe("publishKey", () => {
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

    it("stores no backup and emits only KeyPublished", async () => {
      assert.deepEqual(await eventsOf(keyDirectory.write.publishKey([KEY_A], as(alice))), [
        ["KeyPublished", { account: address(alice), key: KEY_A, previousKey: zeroHash }],
      ]);
      assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), "0x");
    });

    it("leaves no backup once a new key replaces a key that had one", async () => {
      await keyDirectory.write.publishKeyWithBackup([KEY_A, BACKUP], as(alice));
      await keyDirectory.write.publishKey([KEY_B], as(alice));
      assert.equal(await keyDirectory.read.keyOf([address(alice)]), KEY_B);
      assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), "0x", "the backup of the older key is not served");
    });

    it("serves a backup only with the key it was stored for, even when that key comes back", async () => {
      await keyDirectory.write.publishKeyWithBackup([KEY_A, BACKUP], as(alice));
      await keyDirectory.write.publishKey([KEY_B], as(alice));
      await keyDirectory.write.publishKey([KEY_A], as(alice));
      assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), BACKUP, "the backup still decrypts to the current key");
    });
  });

  describe("publishKeyWithBackup", () => {
    it("publishes the key and stores the backup in one call, emitting both events", async () => {
      assert.deepEqual(await eventsOf(keyDirectory.write.publishKeyWithBackup([KEY_A, BACKUP], as(alice))), [
        ["KeyPublished", { account: address(alice), key: KEY_A, previousKey: zeroHash }],
        ["KeyBackupStored", { account: address(alice), key: KEY_A, backup: BACKUP }],
      ]);
      assert.equal(await keyDirectory.read.keyOf([address(alice)]), KEY_A);
      assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), BACKUP);
    });

    it("replaces a plain key and reports it as the previous key", async () => {
      await keyDirectory.write.publishKey([KEY_A], as(alice));
      await assertions.emitWithArgs(keyDirectory.write.publishKeyWithBackup([KEY_B, BACKUP], as(alice)), keyDirectory, "KeyPublished", [
        address(alice),
        KEY_B,
        KEY_A,
      ]);
      assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), BACKUP);
    });

    it("replaces the backup of the same key (a passphrase change)", async () => {
      await keyDirectory.write.publishKeyWithBackup([KEY_A, BACKUP], as(alice));
      await assertions.emitWithArgs(keyDirectory.write.publishKeyWithBackup([KEY_A, OTHER_BACKUP], as(alice)), keyDirectory, "KeyBackupStored", [
        address(alice),
        KEY_A,
        OTHER_BACKUP,
      ]);
      assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), OTHER_BACKUP);
    });

    it("only ever writes the caller's own backup", async () => {
      await keyDirectory.write.publishKeyWithBackup([KEY_A, BACKUP], as(alice));
      await keyDirectory.write.publishKeyWithBackup([KEY_A, OTHER_BACKUP], as(bob));
      assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), BACKUP);
      assert.equal(await keyDirectory.read.keyBackupOf([address(bob)]), OTHER_BACKUP);
    });

    it("accepts backups of 1 and MAX_BACKUP_LENGTH bytes", async () => {
      assert.equal(await keyDirectory.read.MAX_BACKUP_LENGTH(), BigInt(MAX_BACKUP_LENGTH));
      for (const backup of [filler(1, 14), filler(MAX_BACKUP_LENGTH, 15)]) {
        await keyDirectory.write.publishKeyWithBackup([KEY_A, backup], as(alice));
        assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), backup);
      }
    });

    for (const length of [0, MAX_BACKUP_LENGTH + 1]) {
      it(`rejects a ${length}-byte backup with its length, changing nothing`, async () => {
        await keyDirectory.write.publishKey([KEY_A], as(alice));
        await assertions.revertWithCustomErrorWithArgs(
          keyDirectory.write.publishKeyWithBackup([KEY_B, length === 0 ? "0x" : filler(length, 16)], as(alice)),
          keyDirectory,
          "KeyDirectoryInvalidBackup",
          [BigInt(length)],
        );
        assert.equal(await keyDirectory.read.keyOf([address(alice)]), KEY_A);
      });
    }

    it("rejects the zero key, storing no backup", async () => {
      await assertions.revertWithCustomError(keyDirectory.write.publishKeyWithBackup([zeroHash, BACKUP], as(alice)), keyDirectory, "KeyDirectoryInvalidKey");
      assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), "0x");
    });
  });

  it("keyBackupOf is empty for an account that never published", async () => {
    assert.equal(await keyDirectory.read.keyBackupOf([address(bob)]), "0x");
  });
});
