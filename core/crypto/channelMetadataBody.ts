import { ByteReader, concat, decodeUtf8, u16be, u8, utf8 } from "./bytes.js";
import { MAX_CHANNEL_DESCRIPTION_BYTES, MAX_CHANNEL_NAME_BYTES, METADATA_VERSION } from "./constants.js";
import { checkVersion } from "./decoding.js";
import { MalformedMetadataError, MetadataFieldTooLongError } from "./errors.js";

/** Name and description of a channel. */
export interface ChannelMetadata {
  /** 0..64 bytes of UTF-8 ("" for 1:1 channels). */
  name: string;
  /** 0..512 bytes of UTF-8. */
  description: string;
}

function fieldBytes(field: string, value: string, max: number): Uint8Array {
  const bytes = utf8(value);
  if (decodeUtf8(bytes) !== value) throw new MalformedMetadataError(`${field} is not well-formed Unicode`);
  if (bytes.length > max) throw new MetadataFieldTooLongError(field, bytes.length, max);
  return bytes;
}

/** Internal: the metadata body, nameLength (uint8) ‖ name ‖ descriptionLength (uint16 BE) ‖ description. */
export function encodeMetadataBody(metadata: ChannelMetadata): Uint8Array {
  const name = fieldBytes("name", metadata.name, MAX_CHANNEL_NAME_BYTES);
  const description = fieldBytes("description", metadata.description, MAX_CHANNEL_DESCRIPTION_BYTES);
  return concat(u8(name.length), name, u16be(description.length), description);
}

function readField(reader: ByteReader, length: number, field: string, max: number): string {
  if (length > max) throw new MetadataFieldTooLongError(field, length, max);
  const text = decodeUtf8(reader.take(length));
  if (text === undefined) throw new MalformedMetadataError(`${field} is not valid UTF-8`);
  return text;
}

export function decodeMetadataBody(body: Uint8Array): ChannelMetadata {
  const reader = new ByteReader(body, (offset, needed) => new MalformedMetadataError(`truncated at byte ${offset} (${needed} more expected)`));
  const name = readField(reader, reader.u8(), "name", MAX_CHANNEL_NAME_BYTES);
  const description = readField(reader, reader.u16(), "description", MAX_CHANNEL_DESCRIPTION_BYTES);
  if (reader.remaining > 0) throw new MalformedMetadataError(`${reader.remaining} bytes after the description`);
  return { name, description };
}

/** Internal: checks version and mode bytes of encoded metadata. */
export function checkMetadataHeader(metadata: Uint8Array, mode: number): void {
  checkVersion(metadata, METADATA_VERSION, "channel metadata");
  if (metadata.length < 2) throw new MalformedMetadataError("missing mode byte");
  if (metadata[1] !== mode)
    throw new MalformedMetadataError(`mode ${metadata[1]} where ${mode === 0 ? "plaintext (0)" : "encrypted (1)"} was expected`);
}
