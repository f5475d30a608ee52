import type { CID } from "multiformats/cid";
import { importAesKey, openAfter } from "./aesGcm.js";
import { decodeCidBytes } from "./decodeCidBytes.js";
import { decoding } from "./decoding.js";
import { InvalidCidError } from "./errors.js";
import type { DeploymentContext } from "./types.js";
import type { Address } from "viem";
import { wrappedCidAad } from "./wrapCid.js";
import { wrappedCidEpoch } from "./wrappedCidEpoch.js";

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
