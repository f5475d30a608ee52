import { concat, u32be, u64be, u8 } from "../crypto/bytes.js";
import { ENVELOPE_VERSION, FIELD_ATTACHMENTS, FIELD_REPLY_TO, FIELD_TEXT, MAX_ATTACHMENTS } from "./constants.js";
import { TooManyAttachmentsError } from "./errors.js";
import { validateAttachment, validateReplyTo, validateText, validateTimestamp } from "./validateEnvelope.js";
import type { Attachment, Envelope } from "./types.js";

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
