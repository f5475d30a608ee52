import type { CID } from "multiformats/cid";
import { decodeCidBytes } from "../crypto/decodeCidBytes.js";
import { ByteReader, decodeUtf8 } from "../crypto/bytes.js";
import { KEY_LENGTH } from "../crypto/constants.js";
import { decodingSync } from "../crypto/decoding.js";
import { UnknownVersionError } from "../crypto/errors.js";
import {
  ENVELOPE_VERSION,
  FIELD_ATTACHMENTS,
  FIELD_REPLY_TO,
  FIELD_TEXT,
  MAX_ATTACHMENTS,
  MAX_ENVELOPE_SIZE,
  MAX_SAFE_UINT,
} from "./constants.js";
import { EnvelopeTooLargeError, MalformedEnvelopeError, TooManyAttachmentsError } from "./errors.js";
import { validateAttachment, validateReplyTo, validateText, validateTimestamp } from "./validateEnvelope.js";
import type { Attachment, Envelope } from "./types.js";

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
