import { sealAfter } from "./aesGcm.js";
import {
  BACKUP_SALT_LENGTH,
  DEFAULT_SCRYPT_LOG_N,
  DEFAULT_SCRYPT_P,
  DEFAULT_SCRYPT_R,
  MIN_PASSPHRASE_LENGTH,
} from "./constants.js";
import { InvalidLengthError, WeakPassphraseError } from "./errors.js";
import { assertScryptParams, backupAad, backupHeader, passphraseKey, type ScryptParams } from "./backupFormat.js";
import { isPassphraseLongEnough } from "./isPassphraseLongEnough.js";
import { randomBytes } from "./randomBytes.js";
import { assertX25519Key } from "./x25519Seal.js";

export interface BackupIdentityKeyParameters extends Partial<ScryptParams> {
  /** The random X25519 identity private key (fallback for non-deterministic wallets). */
  privateKey: Uint8Array;
  /** At least MIN_PASSPHRASE_LENGTH characters; NFKC-normalised before use. */
  passphrase: string;
  /** Test vectors only: fixed salt (default: random 16 bytes). */
  salt?: Uint8Array;
  /** Test vectors only: fixed IV (default: random). */
  iv?: Uint8Array;
}

/**
 * Encrypts an identity private key under a passphrase (PROTOCOL.md §Identity backup), 81 bytes:
 * 0x01 ‖ 0x01 (scrypt) ‖ log2(N) ‖ r ‖ p ‖ salt (16) ‖ IV (12) ‖ AES-256-GCM(privateKey) (48).
 * Defaults: N = 2^17, r = 8, p = 1 (128 MiB, about a second).
 */
export async function backupIdentityKey(parameters: BackupIdentityKeyParameters): Promise<Uint8Array> {
  assertX25519Key(parameters.privateKey, "identity private key");
  if (!isPassphraseLongEnough(parameters.passphrase)) throw new WeakPassphraseError(MIN_PASSPHRASE_LENGTH);
  const params: ScryptParams = {
    logN: parameters.logN ?? DEFAULT_SCRYPT_LOG_N,
    r: parameters.r ?? DEFAULT_SCRYPT_R,
    p: parameters.p ?? DEFAULT_SCRYPT_P,
  };
  assertScryptParams(params);
  const salt = parameters.salt ?? randomBytes(BACKUP_SALT_LENGTH);
  if (salt.length !== BACKUP_SALT_LENGTH) throw new InvalidLengthError("salt", salt.length, `${BACKUP_SALT_LENGTH} bytes`);
  const header = backupHeader(params, salt);
  const key = await passphraseKey(parameters.passphrase, salt, params);
  return sealAfter(header, key, backupAad(header), parameters.privateKey, parameters.iv);
}
