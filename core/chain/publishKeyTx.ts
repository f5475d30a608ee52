import { encodeFunctionData, toHex, type Address, type Hex } from "viem";
import { keyDirectoryAbi } from "../contracts/generated.js";
import { InvalidPublicKeyError } from "../crypto/index.js";
import type { TxRequest } from "./types.js";

/** The 32-byte X25519 public key as the KeyDirectory's bytes32 argument (InvalidPublicKeyError otherwise). */
export function publicKeyArg(publicKey: Uint8Array): Hex {
  if (publicKey.length !== 32) throw new InvalidPublicKeyError(`${publicKey.length} bytes instead of 32`);
  return toHex(publicKey);
}

/**
 * Publishes (or replaces) the caller's 32-byte X25519 public key in the KeyDirectory, without a
 * backup (a backup stored with an older key is no longer served, PROTOCOL.md §3.3).
 */
export function publishKeyTx(keyDirectory: Address, params: { publicKey: Uint8Array }): TxRequest {
  return {
    to: keyDirectory,
    data: encodeFunctionData({ abi: keyDirectoryAbi, functionName: "publishKey", args: [publicKeyArg(params.publicKey)] }),
  };
}
