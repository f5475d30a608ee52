import * as dagPb from "@ipld/dag-pb";
import type { CID } from "multiformats/cid";
import { UnsupportedCodecError } from "./errors.js";
import { RAW_CODEC } from "./createStorage.js";

/** The CIDs a block links to. Supports the codecs UnixFS uses: raw (no links) and dag-pb. */
export function dagLinks(cid: CID, bytes: Uint8Array): CID[] {
  if (cid.code === RAW_CODEC) return [];
  if (cid.code === dagPb.code) return dagPb.decode(bytes).Links.map((link) => link.Hash);
  throw new UnsupportedCodecError(cid.toString(), cid.code);
}
