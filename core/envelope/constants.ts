/** Envelope format constants and limits (docs/PROTOCOL.md §Envelope, §Padding). */

export const ENVELOPE_VERSION = 1;

export const FIELD_TEXT = 0x01;
export const FIELD_REPLY_TO = 0x02;
export const FIELD_ATTACHMENTS = 0x03;

/** Text of one message: at most 64 KiB of UTF-8. */
export const MAX_TEXT_BYTES = 65_536;
export const MAX_ATTACHMENTS = 32;
export const MAX_ATTACHMENT_NAME_BYTES = 255;
export const MAX_MIME_TYPE_BYTES = 127;
/** CIDs inside an envelope (reply-to, attachment content). */
export const MAX_ENVELOPE_CID_BYTES = 128;
/** Timestamps and file sizes are JavaScript-safe integers. */
export const MAX_SAFE_UINT = Number.MAX_SAFE_INTEGER;

/** Smallest padding bucket. */
export const MIN_PADDED_SIZE = 256;
/** Largest padding bucket; an encoded envelope must be at most MAX_PADDED_SIZE - 1 bytes. */
export const MAX_PADDED_SIZE = 131_072;
export const MAX_ENVELOPE_SIZE = MAX_PADDED_SIZE - 1;
/** The padding marker byte; zeros follow it up to the bucket size (ISO/IEC 7816-4). */
export const PADDING_MARKER = 0x80;
