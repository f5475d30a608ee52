import type { CID } from "multiformats/cid";
import { addressBytes, assertEpoch, concat, u32be, u8 } from "./bytes.js";
import { AAD_LABEL, epochAad } from "./aad.js";
import { importAesKey, sealAfter } from "./aesGcm.js";
import { MAX_CID_LENGTH, WRAPPED_CID_VERSION } from "./constants.js";
import { InvalidCidError } from "./errors.js";
import type { SenderContext } from "./types.js";

export interface WrapCidParameters extends SenderContext {
  /** The channel's key for `epoch`. */
  key: Uint8Array;
  /** The message block's CID (CIDv1 raw sha256 gives a 69-byte wrapped CID). */
  cid: CID;
  /** Test vectors only: fixed IV (default: random). */
  iv?: Uint8Array;
}

/** AAD of a wrapped CID: "Cairn/v1/wrapped-cid" epoch AAD ‖ sender (20). */
export function wrappedCidAad(context: SenderContext): Uint8Array {
  return epochAad(AAD_LABEL.wrappedCid, context, addressBytes(context.sender, "sender address"));
}

/**
 * Seals a CID for the chain (PROTOCOL.md §Wrapped CID):
 * 0x01 ‖ epoch (uint32 BE) ‖ IV (12) ‖ AES-256-GCM(key, IV, cid.bytes, wrappedCidAad).
 */
export async function wrapCid(parameters: WrapCidParameters): Promise<Uint8Array> {
  const cidBytes = parameters.cid.bytes;
  if (cidBytes.length > MAX_CID_LENGTH)
    throw new InvalidCidError(`${cidBytes.length} bytes; wrapped CIDs hold at most ${MAX_CID_LENGTH}`);
  assertEpoch(parameters.epoch);
  const aad = wrappedCidAad(parameters);
  const key = await importAesKey(parameters.key, "epoch key");
  return sealAfter(concat(u8(WRAPPED_CID_VERSION), u32be(parameters.epoch)), key, aad, cidBytes, parameters.iv);
}
