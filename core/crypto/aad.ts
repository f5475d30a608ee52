import { addressBytes, assertEpoch, concat, u256be, u32be, u8, utf8 } from "../encoding/index.js";
import type { EpochContext, SenderContext } from "./types.js";

/**
 * Every AAD of Cairn's formats, in one place (docs/PROTOCOL.md §2). The epoch AADs are
 *   label (ASCII) ‖ 0x00 ‖ chainId (uint256 BE) ‖ registry (20) ‖ channelId (uint256 BE) ‖ epoch (uint32 BE) ‖ extra
 * so ciphertext made for one purpose, deployment, channel or epoch never opens in another.
 */
export const AAD_LABEL = {
  content: "Cairn/v1/content",
  wrappedCid: "Cairn/v1/wrapped-cid",
  sealedKey: "Cairn/v1/sealed-key",
  metadata: "Cairn/v1/metadata",
  fileChunk: "Cairn/v1/file-chunk",
  identityBackup: "Cairn/v1/identity-backup",
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

/**
 * AAD of a message block:
 * "Cairn/v1/content" ‖ 0x00 ‖ chainId (32) ‖ registry (20) ‖ channelId (32) ‖ epoch (4) ‖ sender (20).
 */
export function contentAad(context: SenderContext): Uint8Array {
  return epochAad(AAD_LABEL.content, context, addressBytes(context.sender, "sender address"));
}

/** AAD of a wrapped CID: "Cairn/v1/wrapped-cid" epoch AAD ‖ sender (20). */
export function wrappedCidAad(context: SenderContext): Uint8Array {
  return epochAad(AAD_LABEL.wrappedCid, context, addressBytes(context.sender, "sender address"));
}

/** AAD of a sealed key: epoch AAD "Cairn/v1/sealed-key" (the real channel id, every epoch) ‖ recipientPub ‖ ephemeralPub. */
export function sealedKeyAad(context: EpochContext, recipientPublicKey: Uint8Array, ephemeralPublicKey: Uint8Array) {
  return epochAad(AAD_LABEL.sealedKey, context, recipientPublicKey, ephemeralPublicKey);
}

/** AAD of private metadata: the "Cairn/v1/metadata" epoch AAD (the real channel id, every epoch). */
export function metadataAad(context: EpochContext): Uint8Array {
  return epochAad(AAD_LABEL.metadata, context);
}

/** AAD = "Cairn/v1/file-chunk" ‖ 0x00 ‖ file header (9) ‖ chunkSize (uint32 BE) ‖ chunk header (5). */
export function chunkAad(header: Uint8Array, chunkSize: number, chunk: Uint8Array): Uint8Array {
  return concat(utf8(AAD_LABEL.fileChunk), u8(0), header, u32be(chunkSize), chunk);
}

/** AAD of an identity backup: "Cairn/v1/identity-backup" ‖ 0x00 ‖ backup header (version, kdf, scrypt parameters, salt). */
export function backupAad(header: Uint8Array): Uint8Array {
  return concat(utf8(AAD_LABEL.identityBackup), u8(0), header);
}
