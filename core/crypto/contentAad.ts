import { addressBytes } from "./bytes.js";
import { AAD_LABEL, epochAad } from "./aad.js";
import type { SenderContext } from "./types.js";

/**
 * AAD of a message block:
 * "Cairn/v1/content" ‖ 0x00 ‖ chainId (32) ‖ registry (20) ‖ channelId (32) ‖ epoch (4) ‖ sender (20).
 */
export function contentAad(context: SenderContext): Uint8Array {
  return epochAad(AAD_LABEL.content, context, addressBytes(context.sender, "sender address"));
}
