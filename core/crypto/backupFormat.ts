import { scryptAsync } from "@noble/hashes/scrypt.js";
import { concat, u8, utf8 } from "./bytes.js";
import {
  BACKUP_KDF_SCRYPT,
  BACKUP_SALT_LENGTH,
  BACKUP_VERSION,
  MAX_SCRYPT_LOG_N,
  MAX_SCRYPT_MEMORY,
  MAX_SCRYPT_P,
  MAX_SCRYPT_R,
  MIN_SCRYPT_LOG_N,
} from "./constants.js";
import { InvalidKdfParamsError } from "./errors.js";
import { importAesKey } from "./aesGcm.js";

/** Internal: the passphrase backup format (PROTOCOL.md §Identity backup). */

export const BACKUP_AAD_LABEL = "Cairn/v1/identity-backup";
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

export function backupAad(header: Uint8Array): Uint8Array {
  return concat(utf8(BACKUP_AAD_LABEL), u8(0), header);
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
