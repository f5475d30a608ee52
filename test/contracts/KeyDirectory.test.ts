import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { x25519 } from "@noble/curves/ed25519.js";
import { hexToBytes, parseEventLogs, toHex, zeroHash, type Hex } from "viem";
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
/** The X25519 u-coordinates of small order (little-endian bytes, bit 255 clear): 0, 1, two of order 8, p − 1, p, p + 1. */
const LOW_ORDER_POINTS: Hex[] = [
  zeroHash,
  "0x0100000000000000000000000000000000000000000000000000000000000000",
  "0xe0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
  "0x5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
  "0xecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0xedffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0xeeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
];

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

    it("records the block and the number of keys published (keyRecordOf)", async () => {
      assert.deepEqual(await keyDirectory.read.keyRecordOf([address(alice)]), [zeroHash, 0n, 0]);
      const first = await publicClient.waitForTransactionReceipt({ hash: await keyDirectory.write.publishKey([KEY_A], as(alice)) });
      assert.deepEqual(await keyDirectory.read.keyRecordOf([address(alice)]), [KEY_A, first.blockNumber, 1]);
      const second = await publicClient.waitForTransactionReceipt({ hash: await keyDirectory.write.publishKey([KEY_B], as(alice)) });
      assert.deepEqual(await keyDirectory.read.keyRecordOf([address(alice)]), [KEY_B, second.blockNumber, 2]);
      assert.deepEqual(await keyDirectory.read.keyRecordOf([address(bob)]), [zeroHash, 0n, 0]);
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

    it("stores the backup of a key that returns (no longer current) in place of its older one", async () => {
      await keyDirectory.write.publishKeyWithBackup([KEY_A, BACKUP], as(alice));
      await keyDirectory.write.publishKey([KEY_B], as(alice));
      await keyDirectory.write.publishKeyWithBackup([KEY_A, OTHER_BACKUP], as(alice));
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
      for (const [i, backup] of [filler(1, 14), filler(MAX_BACKUP_LENGTH, 15)].entries()) {
        await keyDirectory.write.publishKeyWithBackup([[KEY_A, KEY_B][i]!, backup], as(alice));
        assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), backup);
      }
    });

    const tooShortOrLong = [
      { backup: "0x", error: "KeyDirectoryEmptyBackup", args: [] },
      { backup: filler(MAX_BACKUP_LENGTH + 1, 16), error: "KeyDirectoryBackupTooLong", args: [BigInt(MAX_BACKUP_LENGTH + 1), BigInt(MAX_BACKUP_LENGTH)] },
    ] as const;
    for (const { backup, error, args } of tooShortOrLong) {
      it(`rejects a ${(backup.length - 2) / 2}-byte backup (${error}), changing nothing`, async () => {
        await keyDirectory.write.publishKey([KEY_A], as(alice));
        await assertions.revertWithCustomErrorWithArgs(keyDirectory.write.publishKeyWithBackup([KEY_B, backup], as(alice)), keyDirectory, error, [...args]);
        assert.equal(await keyDirectory.read.keyOf([address(alice)]), KEY_A);
      });
    }

    it("rejects the zero key, storing no backup", async () => {
      await assertions.revertWithCustomErrorWithArgs(keyDirectory.write.publishKeyWithBackup([zeroHash, BACKUP], as(alice)), keyDirectory, "KeyDirectoryInvalidKey", [
        zeroHash,
      ]);
      assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), "0x");
    });
  });

  describe("attack 14.6: keys of small order", () => {
    it("refuses every X25519 point of small order, with and without bit 255, and the zero key", async () => {
      for (const point of LOW_ORDER_POINTS) {
        const highBit = toHex(hexToBytes(point).map((byte, i) => (i === 31 ? byte | 0x80 : byte)));
        for (const key of [point, highBit]) {
          await assertions.revertWithCustomErrorWithArgs(keyDirectory.write.publishKey([key], as(alice)), keyDirectory, "KeyDirectoryInvalidKey", [key]);
          await assertions.revertWithCustomErrorWithArgs(
            keyDirectory.write.publishKeyWithBackup([key, BACKUP], as(alice)),
            keyDirectory,
            "KeyDirectoryInvalidKey",
            [key],
          );
        }
      }
      assert.equal(await keyDirectory.read.keyOf([address(alice)]), zeroHash);
    });

    it("lists exactly the points whose shared secret is all zeros (noble refuses each), and accepts a real key", async () => {
      for (const point of LOW_ORDER_POINTS) {
        assert.throws(() => x25519.getSharedSecret(x25519.utils.randomSecretKey(), hexToBytes(point)), `${point} has small order`);
      }
      const real = toHex(x25519.getPublicKey(x25519.utils.randomSecretKey()));
      await keyDirectory.write.publishKey([real], as(alice));
      assert.equal(await keyDirectory.read.keyOf([address(alice)]), real);
    });
  });

  describe("attack 14.7: a backup under the current key", () => {
    it("refuses publishKeyWithBackup with the caller's current key: an old passphrase never opens a current key", async () => {
      await keyDirectory.write.publishKeyWithBackup([KEY_A, BACKUP], as(alice));
      await assertions.revertWithCustomErrorWithArgs(
        keyDirectory.write.publishKeyWithBackup([KEY_A, OTHER_BACKUP], as(alice)),
        keyDirectory,
        "KeyDirectoryKeyAlreadyPublished",
        [KEY_A],
      );
      assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), BACKUP);
      await keyDirectory.write.publishKey([KEY_B], as(alice));
      await assertions.revertWithCustomErrorWithArgs(
        keyDirectory.write.publishKeyWithBackup([KEY_B, OTHER_BACKUP], as(alice)),
        keyDirectory,
        "KeyDirectoryKeyAlreadyPublished",
        [KEY_B],
      );
      // A passphrase change is a new identity key with its own backup.
      await keyDirectory.write.publishKeyWithBackup([filler(32, 17), OTHER_BACKUP], as(alice));
      assert.equal(await keyDirectory.read.keyBackupOf([address(alice)]), OTHER_BACKUP);
    });
  });

  it("keyBackupOf is empty for an account that never published", async () => {
    assert.equal(await keyDirectory.read.keyBackupOf([address(bob)]), "0x");
  });
});
