import { CID } from "multiformats/cid";
import { equalBytes } from "./bytes.js";

/**
 * Strict CID decoding: the bytes must be a CID in its canonical binary form (CID.decode also
 * accepts non-canonical forms, e.g. a version-0 prefix, that re-encode differently). Returns
 * undefined for anything else so callers raise their own typed error.
 */
export function decodeCidBytes(bytes: Uint8Array): CID | undefined {
  try {
    const cid = CID.decode(bytes);
    return equalBytes(cid.bytes, bytes) ? cid : undefined;
  } catch {
    return undefined;
  }
}
