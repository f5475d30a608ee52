import type { CID } from "multiformats/cid";
import {
  assertEpoch,
  concat,
  u32be,
  u8,
  MAX_CID_LENGTH,
  WRAPPED_CID_VERSION,
  MAX_WRAPPED_CID_LENGTH,
  WRAPPED_CID_OVERHEAD,
  checkVersion,
  decodingSync,
  InvalidLengthError,
  decodeCidBytes,
  decoding,
} from "../encoding/index.js";
import { importAesKey, sealAfter, openAfter } from "./aesGcm.js";
import { InvalidCidError } from "./errors.js";
import type { SenderContext, DeploymentContext } from "./types.js";
import type { Address } from "viem";
import { wrappedCidAad } from "./aad.js";

export interface WrapCidParameters extends SenderContext {
  /** The channel's key for `epoch`. */
  key: Uint8Array;
  /** The message block's CID (CIDv1 raw sha256 gives a 69-byte wrapped CID). */
  cid: CID;
  /** Test vectors only: fixed IV (default: random). */
  iv?: Uint8Array;
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

/**
 * The key epoch a wrapped CID was sealed under (its bytes 1..4), after checking version and
 * length: tells the reader which epoch key to pass to unwrapCid.
 */
export function wrappedCidEpoch(wrappedCid: Uint8Array): number {
  return decodingSync("wrapped CID", () => {
    checkVersion(wrappedCid, WRAPPED_CID_VERSION, "wrapped CID");
    if (wrappedCid.length <= WRAPPED_CID_OVERHEAD || wrappedCid.length > MAX_WRAPPED_CID_LENGTH)
      throw new InvalidLengthError(
        "wrapped CID",
        wrappedCid.length,
        `${WRAPPED_CID_OVERHEAD + 1}..${MAX_WRAPPED_CID_LENGTH} bytes`,
      );
    const epoch = new DataView(wrappedCid.buffer, wrappedCid.byteOffset + 1, 4).getUint32(0);
    assertEpoch(epoch);
    return epoch;
  });
}

export interface UnwrapCidParameters extends DeploymentContext {
  channelId: bigint;
  /** The wallet the Posted/BatchPosted event names as sender. */
  sender: Address;
  wrappedCid: Uint8Array;
  /** The channel key of the epoch in the wrapped CID (see wrappedCidEpoch), or a lookup by epoch. */
  key: Uint8Array | ((epoch: number) => Uint8Array | Promise<Uint8Array>);
}

/** Wrapped CID → { cid, epoch }. Throws only CairnErrors (DecryptionFailedError for wrong key/AAD/tampering). */
export async function unwrapCid(parameters: UnwrapCidParameters): Promise<{ cid: CID; epoch: number }> {
  return decoding("wrapped CID", async () => {
    const { wrappedCid } = parameters;
    const epoch = wrappedCidEpoch(wrappedCid);
    const rawKey = typeof parameters.key === "function" ? await parameters.key(epoch) : parameters.key;
    const key = await importAesKey(rawKey, "epoch key");
    const cidBytes = await openAfter(wrappedCid, 5, key, wrappedCidAad({ ...parameters, epoch }), "wrapped CID");
    const cid = decodeCidBytes(cidBytes);
    if (!cid) throw new InvalidCidError("the unwrapped bytes are not a CID in canonical binary form");
    return { cid, epoch };
  });
}
