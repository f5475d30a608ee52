import { getAddress, type Address } from "viem";
import { InvalidContextError } from "./errors.js";

/** What the identity-key message is bound to: the chain and the KeyDirectory contract. */
export interface IdentityMessageContext {
  chainId: number | bigint;
  /** KeyDirectory contract address (rendered EIP-55 checksummed). */
  keyDirectory: Address;
}

/**
 * The exact text the wallet signs (EIP-191 personal_sign) to derive the Cairn identity key
 * (PROTOCOL.md §Identity key). Lines are joined with "\n"; no trailing newline.
 */
export function identityMessage({ chainId, keyDirectory }: IdentityMessageContext): string {
  const chain = BigInt(chainId);
  if (chain <= 0n) throw new InvalidContextError(`chain id ${chain} must be positive`);
  let directory: Address;
  try {
    directory = getAddress(keyDirectory);
  } catch (cause) {
    throw new InvalidContextError(`${keyDirectory} is not an address: ${String(cause)}`);
  }
  return [
    "Cairn: unlock my encryption key",
    "",
    "Signing this message derives the key that encrypts and decrypts your Cairn messages.",
    "Anyone who holds this signature can read your messages: sign it only in the Cairn app.",
    "It sends no transaction and costs no gas.",
    "",
    "Purpose: Cairn identity key (X25519), version 1",
    `Chain ID: ${chain}`,
    `Key directory: ${directory}`,
  ].join("\n");
}
