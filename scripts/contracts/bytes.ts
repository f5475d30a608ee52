import { concatHex, getAddress, keccak256, numberToHex, toHex, type Address, type Hex } from "viem";

/** `length` deterministic pseudo-random non-zero bytes (like ciphertext), varied by `seed`. */
export function filler(length: number, seed = 0): Hex {
  const bytes = new Uint8Array(length);
  let state = keccak256(toHex(`cairn-filler-${seed}`));
  for (let i = 0; i < length; i += 32) {
    state = keccak256(state);
    for (let j = 0; j < 32 && i + j < length; j++) {
      bytes[i + j] = Number.parseInt(state.slice(2 + 2 * j, 4 + 2 * j), 16) | 1;
    }
  }
  return toHex(bytes);
}

/**
 * A wrapped-CID-shaped payload of `length` bytes (≥ 5) sealed under `epoch`, as the registry checks
 * it: version byte 0x01, the epoch as a big-endian uint32, then filler bytes (PROTOCOL.md §7.1).
 */
export function wrappedCid(epoch: number, length = 69, seed = 0): Hex {
  return concatHex(["0x01", numberToHex(epoch, { size: 4 }), filler(length - 5, seed)]);
}

/** Packs wrapped CIDs as the registry's batch framing: (uint8 length ‖ bytes)*. */
export function packBatch(items: readonly Hex[]): Hex {
  return concatHex(items.flatMap((item) => [numberToHex((item.length - 2) / 2, { size: 1 }), item]));
}

/** A deterministic address that belongs to nobody (for member lists). */
export function fakeAddress(seed: number): Address {
  return getAddress(keccak256(toHex(`cairn-member-${seed}`)).slice(0, 42));
}

/** Addresses sorted ascending by numeric value, as rotateKey requires. */
export function sortAddresses(addresses: readonly Address[]): Address[] {
  return [...addresses].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}
