import {
  ByteReader,
  concat,
  decodeUtf8,
  u16be,
  u8,
  utf8,
  MAX_CHANNEL_DESCRIPTION_BYTES,
  MAX_CHANNEL_NAME_BYTES,
  METADATA_VERSION,
  checkVersion,
  METADATA_MODE_PLAIN,
  decodingSync,
  METADATA_MODE_ENCRYPTED,
  IV_LENGTH,
  MAX_METADATA_LENGTH,
  TAG_LENGTH,
  decoding,
  InvalidLengthError,
} from "../encoding/index.js";
import { MalformedMetadataError, MetadataFieldTooLongError } from "./errors.js";
import { importAesKey, sealAfter, openAfter } from "./aesGcm.js";
import type { EpochContext } from "./types.js";
import { metadataAad } from "./aad.js";

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

/** Metadata of a public channel, in the clear: 0x01 ‖ 0x00 ‖ body (PROTOCOL.md §Channel metadata). */
export function encodeChannelMetadata(metadata: ChannelMetadata): Uint8Array {
  return concat(u8(METADATA_VERSION), u8(METADATA_MODE_PLAIN), encodeMetadataBody(metadata));
}

/** Decodes a public channel's plaintext metadata. Throws only CairnErrors. */
export function decodeChannelMetadata(metadata: Uint8Array): ChannelMetadata {
  return decodingSync("channel metadata", () => {
    checkMetadataHeader(metadata, METADATA_MODE_PLAIN);
    return decodeMetadataBody(metadata.subarray(2));
  });
}

export interface EncryptChannelMetadataParameters extends EpochContext {
  metadata: ChannelMetadata;
  /** The channel's key for `epoch`. */
  key: Uint8Array;
  /** Test vectors only: fixed IV (default: random). */
  iv?: Uint8Array;
}

/**
 * Metadata of a private or 1:1 channel: 0x01 ‖ 0x01 ‖ IV (12) ‖ AES-256-GCM(key, IV, body, metadataAad).
 */
export async function encryptChannelMetadata(parameters: EncryptChannelMetadataParameters): Promise<Uint8Array> {
  const body = encodeMetadataBody(parameters.metadata);
  const aad = metadataAad(parameters);
  const key = await importAesKey(parameters.key, "epoch key");
  return sealAfter(Uint8Array.of(METADATA_VERSION, METADATA_MODE_ENCRYPTED), key, aad, body, parameters.iv);
}

export interface DecryptChannelMetadataParameters extends EpochContext {
  /** Encrypted metadata bytes (ChannelCreated: epoch 1; MetadataUpdated: its epoch). */
  metadata: Uint8Array;
  /** The channel's key for `epoch`. */
  key: Uint8Array;
}

const MIN_LENGTH = 2 + IV_LENGTH + TAG_LENGTH + 3;

/** Decrypts and decodes a private channel's metadata. Throws only CairnErrors. */
export async function decryptChannelMetadata(parameters: DecryptChannelMetadataParameters): Promise<ChannelMetadata> {
  return decoding("channel metadata", async () => {
    const { metadata } = parameters;
    checkMetadataHeader(metadata, METADATA_MODE_ENCRYPTED);
    if (metadata.length < MIN_LENGTH || metadata.length > MAX_METADATA_LENGTH)
      throw new InvalidLengthError("encrypted metadata", metadata.length, `${MIN_LENGTH}..${MAX_METADATA_LENGTH} bytes`);
    const key = await importAesKey(parameters.key, "epoch key");
    const body = await openAfter(metadata, 2, key, metadataAad(parameters), "channel metadata");
    return decodeMetadataBody(body);
  });
}
