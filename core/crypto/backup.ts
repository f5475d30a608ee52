import { scryptAsync } from "@noble/hashes/scrypt.js";
import {
  concat,
  u8,
  utf8,
  BACKUP_KDF_SCRYPT,
  BACKUP_SALT_LENGTH,
  BACKUP_VERSION,
  MAX_SCRYPT_LOG_N,
  MAX_SCRYPT_MEMORY,
  MAX_SCRYPT_P,
  MAX_SCRYPT_R,
  MIN_SCRYPT_LOG_N,
  DEFAULT_SCRYPT_LOG_N,
  DEFAULT_SCRYPT_P,
  DEFAULT_SCRYPT_R,
  MIN_PASSPHRASE_LENGTH,
  InvalidLengthError,
  randomBytes,
  BACKUP_LENGTH,
  equalBytes,
  checkVersion,
  decoding,
} from "../encoding/index.js";
import { InvalidKdfParamsError, WeakPassphraseError, BackupKeyMismatchError } from "./errors.js";
import { importAesKey, sealAfter, openAfter } from "./aesGcm.js";
import { assertX25519Key } from "./sealedKey.js";
import { x25519 } from "@noble/curves/ed25519.js";
import type { IdentityKeyPair } from "./types.js";
import { backupAad } from "./aad.js";

/** Internal: the passphrase backup format (PROTOCOL.md §Identity backup). */

/** version ‖ kdf ‖ log2(N) ‖ r ‖ p ‖ salt. */
export const BACKUP_HEADER_LENGTH = 5 + BACKUP_SALT_LENGTH;

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

export function assertScryptParams({ logN, r, p }: ScryptParams): void {
  const inRange = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!inRange(logN, MIN_SCRYPT_LOG_N, MAX_SCRYPT_LOG_N))
    throw new InvalidKdfParamsError(`log2(N) = ${logN} is outside ${MIN_SCRYPT_LOG_N}..${MAX_SCRYPT_LOG_N}`);
  if (!inRange(r, 1, MAX_SCRYPT_R)) throw new InvalidKdfParamsError(`r = ${r} is outside 1..${MAX_SCRYPT_R}`);
  if (!inRange(p, 1, MAX_SCRYPT_P)) throw new InvalidKdfParamsError(`p = ${p} is outside 1..${MAX_SCRYPT_P}`);
  if (128 * 2 ** logN * r > MAX_SCRYPT_MEMORY)
    throw new InvalidKdfParamsError(`128·N·r exceeds ${MAX_SCRYPT_MEMORY} bytes of memory`);
}

export function backupHeader(params: ScryptParams, salt: Uint8Array): Uint8Array {
  return concat(u8(BACKUP_VERSION), u8(BACKUP_KDF_SCRYPT), u8(params.logN), u8(params.r), u8(params.p), salt);
}

/** AES key = scrypt(UTF-8(NFKC(passphrase)), salt, N = 2^logN, r, p, 32 bytes). */
export async function passphraseKey(passphrase: string, salt: Uint8Array, params: ScryptParams): Promise<CryptoKey> {
  const derived = await scryptAsync(utf8(passphrase.normalize("NFKC")), salt, {
    N: 2 ** params.logN,
    r: params.r,
    p: params.p,
    dkLen: 32,
    maxmem: MAX_SCRYPT_MEMORY + 1024 * 1024,
  });
  return importAesKey(derived);
}

/** The backup passphrase rule: at least MIN_PASSPHRASE_LENGTH characters (code points) after NFKC normalisation. */
export const isPassphraseLongEnough = (passphrase: string): boolean => [...passphrase.normalize("NFKC")].length >= MIN_PASSPHRASE_LENGTH;

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
