import { hexToBytes, keccak256, type Hex } from "viem";

/**
 * Whether a block's logs bloom (the 2,048-bit filter of its header) may hold `value` (a contract
 * address or a topic): false means no log of the block has it, true only that one may. The Yellow
 * Paper's M3:2048: three bits, each from a pair of bytes of keccak256(value), counted from the end.
 */
export function bloomMayContain(logsBloom: Hex, value: Hex): boolean {
  const bloom = hexToBytes(logsBloom);
  const hash = hexToBytes(keccak256(value));
  for (let pair = 0; pair < 6; pair += 2) {
    const bit = ((hash[pair] << 8) | hash[pair + 1]) & 2047;
    if ((bloom[bloom.length - 1 - (bit >> 3)] & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}
