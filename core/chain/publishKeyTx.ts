import { encodeFunctionData, toHex, type Address } from "viem";
import { keyDirectoryAbi } from "../contracts/generated.js";
import { InvalidPublicKeyError } from "../crypto/index.js";
import type { TxRequest } from "./types.js";

/** Publishes (or replaces) the caller's 32-byte X25519 public key in the KeyDirectory. */
export function publishKeyTx(keyDirectory: Address, params: { publicKey: Uint8Array }): TxRequest {
  if (params.publicKey.length !== 32) throw new InvalidPublicKeyError(`${params.publicKey.length} bytes instead of 32`);
  return {
    to: keyDirectory,
    data: encodeFunctionData({ abi: keyDirectoryAbi, functionName: "publishKey", args: [toHex(params.publicKey)] }),
    description: "Publish your encryption key so others can add you to private channels",
  };
}
