import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { bytesToHex, type PublicClient } from "viem";
import { publishKeyTx, publishKeyWithBackupTx, readKeyBackup, readPublicKey } from "@cairn/core/chain";
import type { TxRequest } from "@cairn/core/chain";
import {
  BackupKeyMismatchError,
  DecryptionFailedError,
  MIN_SCRYPT_LOG_N,
  backupIdentityKey,
  generateIdentityKey,
  restoreIdentityKey,
} from "@cairn/core/crypto";
import { setup } from "./setup.js";

/**
 * The passphrase fallback against a real KeyDirectory, through core's transaction builders and
 * readers (PROTOCOL.md §3.3): the backup published with the key is all a second device needs.
 */
const t = await setup();
const { keyDirectory, alice, address } = t;
const client: PublicClient = t.publicClient;
const params = { keyDirectory: keyDirectory.address, account: address(alice) };
const passphrase = "correct horse battery staple";
const fast = { logN: MIN_SCRYPT_LOG_N, r: 8, p: 1 };

const send = async (tx: TxRequest) => {
  const hash = await alice.sendTransaction({ to: tx.to, data: tx.data });
  const receipt = await t.publicClient.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success");
};

describe("KeyDirectory backups through core/chain", () => {
  beforeEach(t.restore);

  it("publishes key and backup in one transaction; the backup alone restores the published key", async () => {
    const identity = generateIdentityKey();
    const backup = await backupIdentityKey({ privateKey: identity.privateKey, passphrase, ...fast });
    await send(publishKeyWithBackupTx(keyDirectory.address, { publicKey: identity.publicKey, backup }));

    const [published, stored] = await Promise.all([readPublicKey(client, params), readKeyBackup(client, params)]);
    assert.ok(published && stored);
    assert.equal(bytesToHex(stored), bytesToHex(backup));
    const restored = await restoreIdentityKey({ backup: stored, passphrase, publicKey: published });
    assert.equal(bytesToHex(restored.privateKey), bytesToHex(identity.privateKey));
    await assert.rejects(restoreIdentityKey({ backup: stored, passphrase: "not the passphrase", publicKey: published }), DecryptionFailedError);
  });

  it("reads null without a backup, and after another key replaced the backed-up one", async () => {
    assert.equal(await readKeyBackup(client, params), null);
    const identity = generateIdentityKey();
    const backup = await backupIdentityKey({ privateKey: identity.privateKey, passphrase, ...fast });
    await send(publishKeyWithBackupTx(keyDirectory.address, { publicKey: identity.publicKey, backup }));
    await send(publishKeyTx(keyDirectory.address, { publicKey: generateIdentityKey().publicKey }));
    assert.equal(await readKeyBackup(client, params), null);
  });

  it("refuses a stored backup that decrypts to another key than the published one", async () => {
    const [identity, other] = [generateIdentityKey(), generateIdentityKey()];
    const backupOfOther = await backupIdentityKey({ privateKey: other.privateKey, passphrase, ...fast });
    await send(publishKeyWithBackupTx(keyDirectory.address, { publicKey: identity.publicKey, backup: backupOfOther }));
    const [published, stored] = await Promise.all([readPublicKey(client, params), readKeyBackup(client, params)]);
    await assert.rejects(restoreIdentityKey({ backup: stored!, passphrase, publicKey: published! }), BackupKeyMismatchError);
  });
});
