/**
 * The CLI's wallet handling (ethers v6 only here): a raw private key from CAIRN_PRIVATE_KEY, or an
 * encrypted JSON keystore whose password comes from CAIRN_KEYSTORE_PASSWORD or a hidden prompt.
 */
import { readFile } from "node:fs/promises";
import { Wallet, isHexString } from "ethers";
import { CairnError } from "@cairn/core/errors";
import { promptHidden } from "./promptHidden.js";

/** Neither CAIRN_PRIVATE_KEY nor --keystore says which wallet to use. */
export class NoWalletError extends CairnError {
  override readonly name: string = "NoWalletError";
  constructor() {
    super("No wallet: set CAIRN_PRIVATE_KEY or pass --keystore <path>.");
  }
}

/** CAIRN_PRIVATE_KEY is not a 32-byte hex key. */
export class InvalidPrivateKeyError extends CairnError {
  override readonly name: string = "InvalidPrivateKeyError";
  constructor() {
    super("CAIRN_PRIVATE_KEY must be 0x followed by 64 hex digits.");
  }
}

/** The keystore could not be read or decrypted (wrong password, corrupt file). */
export class KeystoreError extends CairnError {
  override readonly name: string = "KeystoreError";
  constructor(path: string, cause: unknown) {
    super(`Cannot open keystore ${path}.`, { cause, details: cause instanceof Error ? cause.message : String(cause) });
  }
}

export async function loadPrivateKey(options: { keystore?: string }): Promise<`0x${string}`> {
  if (options.keystore) {
    const path = options.keystore;
    try {
      const json = await readFile(path, "utf8");
      const password = process.env.CAIRN_KEYSTORE_PASSWORD ?? (await promptHidden(`Password for ${path}: `));
      const wallet = await Wallet.fromEncryptedJson(json, password);
      return wallet.privateKey as `0x${string}`;
    } catch (cause) {
      throw new KeystoreError(path, cause);
    }
  }
  const raw = process.env.CAIRN_PRIVATE_KEY;
  if (!raw) throw new NoWalletError();
  const key = raw.startsWith("0x") ? raw : `0x${raw}`;
  if (!isHexString(key, 32)) throw new InvalidPrivateKeyError();
  return key as `0x${string}`;
}
