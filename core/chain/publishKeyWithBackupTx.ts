import { encodeFunctionData, toHex, type Address } from "viem";
import { keyDirectoryAbi } from "../contracts/generated.js";
import { InvalidLengthError } from "../crypto/index.js";
import { publicKeyArg } from "./publishKeyTx.js";
import type { TxRequest } from "./types.js";

/** KeyDirectory.MAX_BACKUP_LENGTH: the contract stores backups of 1 to 256 bytes. */
export const MAX_KEY_BACKUP_LENGTH = 256;

/**
 * Publishes (or replaces) the caller's X25519 public key together with the passphrase backup of
 * its private key (PROTOCOL.md §11), in one transaction: another device restores the key from
 * the KeyDirectory with the passphrase alone. The backup becomes public; only its encryption
 * protects it.
 */
export function publishKeyWithBackupTx(keyDirectory: Address, params: { publicKey: Uint8Array; backup: Uint8Array }): TxRequest {
  const { backup } = params;
  if (backup.length === 0 || backup.length > MAX_KEY_BACKUP_LENGTH)
    throw new InvalidLengthError("key backup", backup.length, `1 to ${MAX_KEY_BACKUP_LENGTH} bytes`);
  return {
    to: keyDirectory,
    data: encodeFunctionData({
      abi: keyDirectoryAbi,
      functionName: "publishKeyWithBackup",
      args: [publicKeyArg(params.publicKey), toHex(backup)],
    }),
  };
}
