import {
  KEY_LENGTH,
  MAX_CHUNK_SIZE,
  MIN_CHUNK_SIZE,
  decodeUtf8,
  utf8,
  concat,
  u32be,
  u64be,
  u8,
  decodeCidBytes,
  ByteReader,
  decodingSync,
  UnknownVersionError,
} from "../encoding/index.js";
import {
  MAX_ATTACHMENTS,
  MAX_ATTACHMENT_NAME_BYTES,
  MAX_ENVELOPE_CID_BYTES,
  MAX_MIME_TYPE_BYTES,
  MAX_SAFE_UINT,
  MAX_TEXT_BYTES,
  ENVELOPE_VERSION,
  FIELD_ATTACHMENTS,
  FIELD_REPLY_TO,
  FIELD_TEXT,
  MAX_ENVELOPE_SIZE,
} from "./constants.js";
import {
  InvalidAttachmentError,
  InvalidReplyToError,
  InvalidTextError,
  InvalidTimestampError,
  TextTooLongError,
  TooManyAttachmentsError,
  EnvelopeTooLargeError,
  MalformedEnvelopeError,
} from "./errors.js";
import type { Attachment, Envelope } from "./types.js";
import type { CID } from "multiformats/cid";

/** UTF-8 of a string that must survive the round trip (no lone surrogates). */
export function wellFormedUtf8(text: string, field: string): Uint8Array {
  const bytes = utf8(text);
  if (decodeUtf8(bytes) !== text) throw new InvalidTextError(field);
  return bytes;
}

function isSafeUint(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_SAFE_UINT;
}

export function validateTimestamp(timestamp: unknown): void {
  if (!isSafeUint(timestamp)) throw new InvalidTimestampError(timestamp);
}

/** Returns the text's UTF-8 bytes after checking the limit. */
export function validateText(text: string): Uint8Array {
  const bytes = wellFormedUtf8(text, "message text");
  if (bytes.length > MAX_TEXT_BYTES) throw new TextTooLongError(bytes.length, MAX_TEXT_BYTES);
  return bytes;
}

export function validateReplyTo(cidBytes: Uint8Array): void {
  if (cidBytes.length > MAX_ENVELOPE_CID_BYTES)
    throw new InvalidReplyToError(`CID of ${cidBytes.length} bytes (at most ${MAX_ENVELOPE_CID_BYTES})`);
}

/** The UTF-8/ASCII bytes of one attachment's strings after checking every field. */
export function validateAttachment(attachment: Attachment, index: number): { name: Uint8Array; mime: Uint8Array } {
  const fail = (reason: string) => new InvalidAttachmentError(index, reason);
  const name = wellFormedUtf8(attachment.name, `name of attachment ${index + 1}`);
  if (name.length < 1 || name.length > MAX_ATTACHMENT_NAME_BYTES)
    throw fail(`name must be 1..${MAX_ATTACHMENT_NAME_BYTES} bytes of UTF-8 (got ${name.length})`);
  if (!/^[\x20-\x7e]*$/.test(attachment.mimeType) || attachment.mimeType.length > MAX_MIME_TYPE_BYTES)
    throw fail(`MIME type must be 0..${MAX_MIME_TYPE_BYTES} printable ASCII characters`);
  if (!isSafeUint(attachment.size)) throw fail(`size ${attachment.size} is not an integer in 0..2^53-1`);
  if (!Number.isInteger(attachment.chunkSize) || attachment.chunkSize < MIN_CHUNK_SIZE || attachment.chunkSize > MAX_CHUNK_SIZE)
    throw fail(`chunk size ${attachment.chunkSize} is outside ${MIN_CHUNK_SIZE}..${MAX_CHUNK_SIZE}`);
  if (attachment.key.length !== KEY_LENGTH) throw fail(`key must be ${KEY_LENGTH} bytes (got ${attachment.key.length})`);
  const cidLength = attachment.cid.bytes.length;
  if (cidLength > MAX_ENVELOPE_CID_BYTES) throw fail(`CID of ${cidLength} bytes (at most ${MAX_ENVELOPE_CID_BYTES})`);
  return { name, mime: utf8(attachment.mimeType) };
}

/** Checks every field of an envelope against the version-1 limits. */
export function validateEnvelope(envelope: Envelope): void {
  validateTimestamp(envelope.timestamp);
  validateText(envelope.text);
  if (envelope.replyTo) validateReplyTo(envelope.replyTo.bytes);
  if (envelope.attachments.length > MAX_ATTACHMENTS)
    throw new TooManyAttachmentsError(envelope.attachments.length, MAX_ATTACHMENTS);
  envelope.attachments.forEach(validateAttachment);
}

function field(tag: number, value: Uint8Array): Uint8Array {
  return concat(u8(tag), u32be(value.length), value);
}

function encodeAttachment(attachment: Attachment, index: number): Uint8Array {
  const { name, mime } = validateAttachment(attachment, index);
  const cid = attachment.cid.bytes;
  return concat(
    u8(name.length),
    name,
    u8(mime.length),
    mime,
    u64be(attachment.size),
    u32be(attachment.chunkSize),
    attachment.key,
    u8(cid.length),
    cid,
  );
}

/**
 * Encodes an envelope (PROTOCOL.md §Envelope): version ‖ timestamp (uint64 BE) ‖ fields in
 * ascending tag order, each tag (uint8) ‖ length (uint32 BE) ‖ value. Absent text, reply-to and
 * attachments are omitted, so every envelope has exactly one encoding.
 */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  validateTimestamp(envelope.timestamp);
  const parts: Uint8Array[] = [u8(ENVELOPE_VERSION), u64be(envelope.timestamp)];
  const text = validateText(envelope.text);
  if (text.length > 0) parts.push(field(FIELD_TEXT, text));
  if (envelope.replyTo) {
    validateReplyTo(envelope.replyTo.bytes);
    parts.push(field(FIELD_REPLY_TO, envelope.replyTo.bytes));
  }
  const count = envelope.attachments.length;
  if (count > MAX_ATTACHMENTS) throw new TooManyAttachmentsError(count, MAX_ATTACHMENTS);
  if (count > 0) parts.push(field(FIELD_ATTACHMENTS, concat(u8(count), ...envelope.attachments.map(encodeAttachment))));
  return concat(...parts);
}

const truncated = (offset: number, needed: number) =>
  new MalformedEnvelopeError(`truncated: ${needed} more bytes expected`, offset);

function readCid(bytes: Uint8Array, offset: number): CID {
  const cid = decodeCidBytes(bytes);
  if (!cid) throw new MalformedEnvelopeError("not a CID in canonical binary form", offset);
  return cid;
}

function readUtf8(bytes: Uint8Array, offset: number): string {
  const text = decodeUtf8(bytes);
  if (text === undefined) throw new MalformedEnvelopeError("invalid UTF-8", offset);
  return text;
}

function readAttachments(value: Uint8Array, base: number): Attachment[] {
  const reader = new ByteReader(value, (at, needed) => truncated(base + at, needed));
  const count = reader.u8();
  if (count === 0) throw new MalformedEnvelopeError("empty attachment list (must be omitted)", base);
  if (count > MAX_ATTACHMENTS) throw new TooManyAttachmentsError(count, MAX_ATTACHMENTS);
  const attachments: Attachment[] = [];
  for (let index = 0; index < count; index++) {
    const at = () => base + reader.position;
    const name = readUtf8(reader.take(reader.u8()), at());
    const mimeType = readUtf8(reader.take(reader.u8()), at());
    const size = toSafeNumber(reader.u64());
    const chunkSize = reader.u32();
    const key = new Uint8Array(reader.take(KEY_LENGTH));
    const cid = readCid(reader.take(reader.u8()), at());
    const attachment: Attachment = { name, mimeType, size, chunkSize, key, cid };
    validateAttachment(attachment, index);
    attachments.push(attachment);
  }
  if (reader.remaining > 0) throw new MalformedEnvelopeError("bytes after the last attachment", base + reader.position);
  return attachments;
}

/** uint64 → number, NaN beyond 2^53-1 (which the validators then reject with their typed error). */
function toSafeNumber(value: bigint): number {
  return value <= BigInt(MAX_SAFE_UINT) ? Number(value) : Number.NaN;
}

/**
 * Decodes and validates envelope bytes (unpadded). Throws only CairnErrors: UnknownVersionError,
 * EnvelopeTooLargeError, MalformedEnvelopeError, or the field errors of validateEnvelope.
 */
export function decodeEnvelope(bytes: Uint8Array): Envelope {
  return decodingSync("message envelope", () => {
    if (bytes.length > MAX_ENVELOPE_SIZE) throw new EnvelopeTooLargeError(bytes.length, MAX_ENVELOPE_SIZE);
    const reader = new ByteReader(bytes, truncated);
    const version = reader.u8();
    if (version !== ENVELOPE_VERSION) throw new UnknownVersionError("envelope", version);
    const envelope: Envelope = { timestamp: toSafeNumber(reader.u64()), text: "", attachments: [] };
    validateTimestamp(envelope.timestamp);
    let lastTag = 0;
    while (reader.remaining > 0) {
      const tagOffset = reader.position;
      const tag = reader.u8();
      if (tag <= lastTag) throw new MalformedEnvelopeError(`field 0x${tag.toString(16)} repeated or out of order`, tagOffset);
      lastTag = tag;
      const value = reader.take(reader.u32());
      const valueOffset = reader.position - value.length;
      if (tag === FIELD_TEXT) {
        if (value.length === 0) throw new MalformedEnvelopeError("empty text field (must be omitted)", tagOffset);
        envelope.text = readUtf8(value, valueOffset);
        validateText(envelope.text);
      } else if (tag === FIELD_REPLY_TO) {
        validateReplyTo(value);
        envelope.replyTo = readCid(value, valueOffset);
      } else if (tag === FIELD_ATTACHMENTS) {
        envelope.attachments = readAttachments(value, valueOffset);
      } else {
        throw new MalformedEnvelopeError(`unknown field 0x${tag.toString(16)}`, tagOffset);
      }
    }
    return envelope;
  });
}
