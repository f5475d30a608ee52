import { equals } from "multiformats/bytes";
import { CID } from "multiformats/cid";
import { InvalidCidError } from "./errors.js";

/** Any accepted spelling of a CID: parsed, string (base32/base58btc/...), or binary. */
export type CidInput = CID | string | Uint8Array;

/**
 * Parse a CID from a string or its binary form, throwing `InvalidCidError`
 * instead of the library's untyped errors. Binary input must be exactly one CID
 * in its canonical form (multiformats also decodes forms that re-encode differently).
 */
export function parseCid(input: CidInput): CID {
  const asCid = CID.asCID(input);
  if (asCid !== null) return asCid;
  if (typeof input === "string") return parseString(input);
  if (input instanceof Uint8Array) return parseBytes(input);
  throw new InvalidCidError(`input: ${String(input).slice(0, 120)}`);
}

function parseString(input: string): CID {
  try {
    return CID.parse(input.trim());
  } catch (cause) {
    throw new InvalidCidError(`input: ${input.slice(0, 120)}`, { cause });
  }
}

function parseBytes(input: Uint8Array): CID {
  const label = `0x${Array.from(input.subarray(0, 60), (b) => b.toString(16).padStart(2, "0")).join("")}`;
  try {
    const [cid, rest] = CID.decodeFirst(input);
    if (rest.length !== 0) throw new Error(`${rest.length} trailing byte(s)`);
    if (!equals(cid.bytes, input)) throw new Error("not the canonical binary form of the CID");
    return cid;
  } catch (cause) {
    throw new InvalidCidError(`input: ${label}`, { cause });
  }
}
