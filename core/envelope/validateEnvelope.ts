import { KEY_LENGTH, MAX_CHUNK_SIZE, MIN_CHUNK_SIZE } from "../crypto/constants.js";
import { decodeUtf8, utf8 } from "../crypto/bytes.js";
import {
  MAX_ATTACHMENTS,
  MAX_ATTACHMENT_NAME_BYTES,
  MAX_ENVELOPE_CID_BYTES,
  MAX_MIME_TYPE_BYTES,
  MAX_SAFE_UINT,
  MAX_TEXT_BYTES,
} from "./constants.js";
import {
  InvalidAttachmentError,
  InvalidReplyToError,
  InvalidTextError,
  InvalidTimestampError,
  TextTooLongError,
  TooManyAttachmentsError,
} from "./errors.js";
import type { Attachment, Envelope } from "./types.js";

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
