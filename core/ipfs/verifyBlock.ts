import type { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { sha256 } from "multiformats/hashes/sha2";
import { equals } from "multiformats/bytes";
import { BlockHashMismatchError, UnsupportedHashError } from "./errors.js";

/**
 * Check that `bytes` hash to the multihash inside `cid` (sha2-256 or identity).
 * Throws `BlockHashMismatchError` if not, `UnsupportedHashError` for other hashes.
 */
export async function verifyBlock(cid: CID, bytes: Uint8Array): Promise<void> {
  const expected = cid.multihash;
  if (expected.code === sha256.code) {
    const actual = await sha256.digest(bytes);
    if (!equals(actual.digest, expected.digest)) throw new BlockHashMismatchError(cid.toString());
    return;
  }
  if (expected.code === identity.code) {
    if (!equals(bytes, expected.digest)) throw new BlockHashMismatchError(cid.toString());
    return;
  }
  throw new UnsupportedHashError(cid.toString(), expected.code);
}
