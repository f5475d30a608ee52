import { assertEpoch } from "./bytes.js";
import { MAX_WRAPPED_CID_LENGTH, WRAPPED_CID_OVERHEAD, WRAPPED_CID_VERSION } from "./constants.js";
import { checkVersion, decodingSync } from "./decoding.js";
import { InvalidLengthError } from "./errors.js";

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
