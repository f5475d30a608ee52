import { sha512 } from "@noble/hashes/sha2.js";
import type { Address } from "viem";
import { addressBytes, concat, utf8, SAFETY_NUMBER_GROUPS, X25519_KEY_LENGTH } from "../encoding/index.js";
import { InvalidPublicKeyError } from "./errors.js";

/** One side of a conversation: wallet address and published X25519 identity key. */
export interface SafetyNumberParty {
  address: Address;
  publicKey: Uint8Array;
}

export const SAFETY_NUMBER_LABEL = "Cairn/v1/safety-number";

function entry(party: SafetyNumberParty): Uint8Array {
  if (party.publicKey.length !== X25519_KEY_LENGTH)
    throw new InvalidPublicKeyError(`${party.publicKey.length} bytes instead of ${X25519_KEY_LENGTH}`);
  return concat(addressBytes(party.address, "address"), party.publicKey);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * The safety number of two parties, the same whichever side computes it: 60 digits in 12
 * groups of 5, separated by spaces. digest = SHA-512("Cairn/v1/safety-number" ‖ 0x00 ‖ lo ‖ hi)
 * where lo, hi are the parties' (address ‖ publicKey) in ascending byte order; group i is
 * digest[5i..5i+5) as a big-endian integer mod 100000.
 */
export function safetyNumber(a: SafetyNumberParty, b: SafetyNumberParty): string {
  const [lo, hi] = [entry(a), entry(b)].sort(compareBytes);
  const digest = sha512(concat(utf8(SAFETY_NUMBER_LABEL), Uint8Array.of(0), lo!, hi!));
  const groups: string[] = [];
  for (let i = 0; i < SAFETY_NUMBER_GROUPS; i++) {
    let value = 0;
    for (const byte of digest.subarray(5 * i, 5 * i + 5)) value = value * 256 + byte;
    groups.push(String(value % 100_000).padStart(5, "0"));
  }
  return groups.join(" ");
}
