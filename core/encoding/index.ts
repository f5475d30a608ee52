/** The base of the wire formats: byte helpers, decoding guards, format constants and decode errors. */
export * from "./constants.js";
export * from "./errors.js";
export {
  addressBytes,
  assertEpoch,
  ByteReader,
  concat,
  decodeCidBytes,
  decodeUtf8,
  equalBytes,
  randomBytes,
  u16be,
  u256be,
  u32be,
  u64be,
  u8,
  utf8,
} from "./bytes.js";
export { checkVersion, decoding, decodingSync } from "./decoding.js";
