import { describe, expect, it } from "@jest/globals";
import * as c from "@cairn/core/crypto";
import { expectReject, flipBit, hx } from "./helpers.js";

const identity = c.generateIdentityKey();
const passphrase = "pässphrase — long enough";
const fast = { logN: c.MIN_SCRYPT_LOG_N, r: 8, p: 1 };

describe("backupIdentityKey / restoreIdentityKey", () => {
  it("round-trips with the default parameters (N = 2^17) and NFKC-equivalent passphrases", async () => {
    const backup = await c.backupIdentityKey({ privateKey: identity.privateKey, passphrase: "ﬁve ﬁsh ﬁne" });
    expect(backup).toHaveLength(c.BACKUP_LENGTH);
    expect(backup[2]).toBe(c.DEFAULT_SCRYPT_LOG_N);
    const restored = await c.restoreIdentityKey({ backup, passphrase: "five fish fine" });
    expect(hx(restored.publicKey)).toBe(hx(identity.publicKey));
  });

  it("fails with the wrong passphrase or a tampered byte", async () => {
    const backup = await c.backupIdentityKey({ privateKey: identity.privateKey, passphrase, ...fast });
    await expectReject(c.restoreIdentityKey({ backup, passphrase: `${passphrase}!` }), c.DecryptionFailedError);
    for (const i of [5, 20, 21, 40, 80])
      await expectReject(c.restoreIdentityKey({ backup: flipBit(backup, i), passphrase }), c.DecryptionFailedError);
  });

  it("checks the restored key against the published one: a backup of another key is refused", async () => {
    const backup = await c.backupIdentityKey({ privateKey: identity.privateKey, passphrase, ...fast });
    const restored = await c.restoreIdentityKey({ backup, passphrase, publicKey: identity.publicKey });
    expect(hx(restored.privateKey)).toBe(hx(identity.privateKey));
    const other = c.generateIdentityKey();
    await expectReject(c.restoreIdentityKey({ backup, passphrase, publicKey: other.publicKey }), c.BackupKeyMismatchError);
    // The passphrase is checked first: a wrong one stays a DecryptionFailedError whatever the key.
    await expectReject(c.restoreIdentityKey({ backup, passphrase: `${passphrase}!`, publicKey: other.publicKey }), c.DecryptionFailedError);
  });

  it("rejects bad versions, lengths, KDFs and out-of-range parameters", async () => {
    const backup = await c.backupIdentityKey({ privateKey: identity.privateKey, passphrase, ...fast });
    const restore = (bytes: Uint8Array) => c.restoreIdentityKey({ backup: bytes, passphrase });
    await expectReject(restore(flipBit(backup, 0, 1)), c.UnknownVersionError);
    await expectReject(restore(backup.subarray(0, 80)), c.InvalidLengthError);
    await expectReject(restore(flipBit(backup, 1, 1)), c.InvalidKdfParamsError);
    const withByte = (index: number, value: number) => {
      const out = backup.slice();
      out[index] = value;
      return out;
    };
    await expectReject(restore(withByte(2, 30)), c.InvalidKdfParamsError);
    await expectReject(restore(withByte(2, 13)), c.InvalidKdfParamsError);
    await expectReject(restore(withByte(3, 0)), c.InvalidKdfParamsError);
    await expectReject(restore(withByte(4, 9)), c.InvalidKdfParamsError);
    await expectReject(restore(withByte(2, 20)), c.InvalidKdfParamsError); // 128·2^20·8 = 1 GiB > 256 MiB
  });

  it("refuses weak passphrases and bad inputs when backing up", async () => {
    await expectReject(c.backupIdentityKey({ privateKey: identity.privateKey, passphrase: "short" }), c.WeakPassphraseError);
    // The minimum counts characters after NFKC: "ﬁ" is two, "é" (e + combining accent) is one.
    const justShort = "x".repeat(c.MIN_PASSPHRASE_LENGTH - 1);
    await expectReject(c.backupIdentityKey({ privateKey: identity.privateKey, passphrase: justShort, ...fast }), c.WeakPassphraseError);
    await expectReject(c.backupIdentityKey({ privateKey: identity.privateKey, passphrase: `${justShort.slice(1)}e\u0301`, ...fast }), c.WeakPassphraseError);
    for (const enough of ["x".repeat(c.MIN_PASSPHRASE_LENGTH), `${justShort.slice(1)}ﬁ`])
      expect(await c.backupIdentityKey({ privateKey: identity.privateKey, passphrase: enough, ...fast })).toHaveLength(c.BACKUP_LENGTH);
    await expectReject(c.backupIdentityKey({ privateKey: new Uint8Array(31), passphrase }), c.InvalidLengthError);
    await expectReject(c.backupIdentityKey({ privateKey: identity.privateKey, passphrase, logN: 21 }), c.InvalidKdfParamsError);
    await expectReject(
      c.backupIdentityKey({ privateKey: identity.privateKey, passphrase, ...fast, salt: new Uint8Array(8) }),
      c.InvalidLengthError,
    );
  });
});
