import { addressBytes, assertEpoch, concat, u256be, u32be, utf8 } from "./bytes.js";
import type { EpochContext } from "./types.js";

/**
 * Domain-separated AADs (docs/PROTOCOL.md §AAD). Each is
 *   label (ASCII) ‖ 0x00 ‖ chainId (uint256 BE) ‖ registry (20) ‖ channelId (uint256 BE) ‖ epoch (uint32 BE) ‖ extra
 * so ciphertext made for one purpose, deployment, channel or epoch never opens in another.
 */
export const AAD_LABEL = {
  content: "Cairn/v1/content",
  wrappedCid: "Cairn/v1/wrapped-cid",
  sealedKey: "Cairn/v1/sealed-key",
  metadata: "Cairn/v1/metadata",
} as const;

export function epochAad(label: string, context: EpochContext, ...extra: Uint8Array[]): Uint8Array {
  assertEpoch(context.epoch);
  return concat(
    utf8(label),
    Uint8Array.of(0),
    u256be(context.chainId, "chain id"),
    addressBytes(context.registry, "registry address"),
    u256be(context.channelId, "channel id"),
    u32be(context.epoch),
    ...extra,
  );
}
