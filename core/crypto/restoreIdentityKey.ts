import { x25519 } from "@noble/curves/ed25519.js";
import { openAfter } from "./aesGcm.js";
import { BACKUP_HEADER_LENGTH, assertScryptParams, backupAad, passphraseKey } from "./backupFormat.js";
import { BACKUP_KDF_SCRYPT, BACKUP_LENGTH, BACKUP_VERSION } from "./constants.js";
import { equalBytes } from "./bytes.js";
import { checkVersion, decoding } from "./decoding.js";
import { BackupKeyMismatchError, InvalidKdfParamsError, InvalidLengthError } from "./errors.js";
import type { IdentityKeyPair } from "./types.js";

export interface RestoreIdentityKeyParameters {
  backup: Uint8Array;
  passphrase: string;
  /**
   * The public key the KeyDirectory publishes for the wallet (PROTOCOL.md §3.3). When given, the
   * restored key must match it, else BackupKeyMismatchError.
   */
  publicKey?: Uint8Array;
}

/**
 * Decrypts a backupIdentityKey() blob. A wrong passphrase and a tampered backup both give
 * DecryptionFailedError (AES-GCM cannot tell them apart); a backup of another key than
 * `publicKey` gives BackupKeyMismatchError. Throws only CairnErrors.
 */
export async function restoreIdentityKey({ backup, passphrase, publicKey }: RestoreIdentityKeyParameters): Promise<IdentityKeyPair> {
  return decoding("identity backup", async () => {
    checkVersion(backup, BACKUP_VERSION, "identity backup");
    if (backup.length !== BACKUP_LENGTH) throw new InvalidLengthError("identity backup", backup.length, `${BACKUP_LENGTH} bytes`);
    if (backup[1] !== BACKUP_KDF_SCRYPT) throw new InvalidKdfParamsError(`unknown key-derivation function ${backup[1]}`);
    const params = { logN: backup[2]!, r: backup[3]!, p: backup[4]! };
    assertScryptParams(params);
    const header = backup.subarray(0, BACKUP_HEADER_LENGTH);
    const key = await passphraseKey(passphrase, header.subarray(5), params);
    const privateKey = await openAfter(backup, BACKUP_HEADER_LENGTH, key, backupAad(header), "identity backup");
    const keys = { privateKey, publicKey: x25519.getPublicKey(privateKey) };
    if (publicKey && !equalBytes(keys.publicKey, publicKey)) throw new BackupKeyMismatchError();
    return keys;
  });
}
