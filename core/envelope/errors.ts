import { CairnError } from "../errors.js";

/** Envelope bytes break the format: truncated field, unknown or repeated tag, bad UTF-8, trailing bytes… */
export class MalformedEnvelopeError extends CairnError {
  override readonly name: string = "MalformedEnvelopeError";
  readonly offset: number;
  constructor(reason: string, offset: number, options: { cause?: unknown } = {}) {
    super(`Malformed message envelope at byte ${offset}.`, { ...options, details: reason });
    this.offset = offset;
  }
}

/** An envelope (or padded envelope) is larger than the largest padding bucket allows. */
export class EnvelopeTooLargeError extends CairnError {
  override readonly name: string = "EnvelopeTooLargeError";
  constructor(size: number, max: number) {
    super(`The message is too large (${size} bytes, at most ${max}).`);
  }
}

/** Message text longer than MAX_TEXT_BYTES of UTF-8 (or not well-formed Unicode). */
export class TextTooLongError extends CairnError {
  override readonly name: string = "TextTooLongError";
  constructor(bytes: number, max: number) {
    super(`The message text is too long (${bytes} bytes of UTF-8, at most ${max}).`);
  }
}

/** A string is not well-formed Unicode (lone surrogates cannot be encoded as UTF-8). */
export class InvalidTextError extends CairnError {
  override readonly name: string = "InvalidTextError";
  constructor(field: string) {
    super(`The ${field} is not well-formed Unicode text.`);
  }
}

/** More than MAX_ATTACHMENTS attachments. */
export class TooManyAttachmentsError extends CairnError {
  override readonly name: string = "TooManyAttachmentsError";
  constructor(count: number, max: number) {
    super(`A message holds at most ${max} attachments (got ${count}).`);
  }
}

/** An attachment field is out of range (name, MIME type, size, chunk size, key or CID). */
export class InvalidAttachmentError extends CairnError {
  override readonly name: string = "InvalidAttachmentError";
  readonly index: number;
  constructor(index: number, reason: string) {
    super(`Attachment ${index + 1} is invalid.`, { details: reason });
    this.index = index;
  }
}

/** The timestamp is not an integer number of milliseconds in 0..2^53-1. */
export class InvalidTimestampError extends CairnError {
  override readonly name: string = "InvalidTimestampError";
  constructor(value: unknown) {
    super(`Invalid message timestamp ${String(value)}.`);
  }
}

/** A reply-to reference is not a CID of at most MAX_ENVELOPE_CID_BYTES bytes. */
export class InvalidReplyToError extends CairnError {
  override readonly name: string = "InvalidReplyToError";
  constructor(reason: string) {
    super("Invalid reply-to reference.", { details: reason });
  }
}

/** Padded envelope bytes are not a valid bucket: wrong size, missing marker, or not the canonical bucket. */
export class InvalidPaddingError extends CairnError {
  override readonly name: string = "InvalidPaddingError";
  constructor(reason: string) {
    super("Invalid message padding.", { details: reason });
  }
}
